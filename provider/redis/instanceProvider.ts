import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api";
import { callContext } from "../runtime/context";
import { defineProvider } from "../runtime/defineProvider";
import { PartialError } from "../runtime/partial";
import { dealStatusClass } from "../wait/deals";
import { takeBackup } from "./backupProvider";
import { guardOrder, orderLimitOf } from "./budget";
import {
  describeForRefresh,
  describeOne,
  instancesBeforePurchase,
  type RedisView,
  waitDeal,
  waitRunning,
  waitTask,
} from "./cloud";
import { instanceChecks } from "./instanceChecks";
import { type PurchaseRecord, settlePurchase } from "./journal";
import {
  OPEN_ORDERS,
  OpenOrderError,
  type OrderContext,
  openOrdersOf,
  renewUntil,
  resumeOrders,
  upgradeTo,
} from "./orders";
import { planUpdate, type Step } from "./plan";
import { priceChange } from "./planPrices";
import { buyOrderOf } from "./pricing";
import { num, PENDING_DEAL_PREFIX, type Props, resourceName, str, without } from "./props";
import {
  claimed,
  defaultNameFor,
  findEarlierPurchase,
  fingerprintOf,
  forget,
  hasDefaultName,
  journalOf,
  lastingOrphans,
  orphanCandidates,
  record,
  refuseOrphans,
  sendCreate,
} from "./purchase";
import { verifyRestoreSource } from "./restoreSource";
import { lookForTask } from "./taskLookup";

/** The outputs an instance adds to its inputs, read from DescribeRedis. */
function outputsOf(r: RedisView): Props {
  return {
    instanceId: r.redisId,
    host: r.wanIp,
    port: r.port,
    status: r.status,
    deadline: r.deadlineTime,
    createTime: r.createTime,
    sizeUsed: r.sizeUsed,
  };
}

/** Keys that are outputs only (never inputs of the program). */
const OUTPUT_KEYS = new Set(["instanceId", "host", "port", "status", "deadline", "createTime", "sizeUsed"]);

/** Internal state keys that describe work in flight; a finished call drops them. */
const IN_FLIGHT_KEYS = new Set(["__dealId", OPEN_ORDERS, "__restoreSent"]);

/** Inputs as recorded in the state: the user's, with what the cloud reports for the fields it owns. */
function stateOf(inputs: Props, r: RedisView): Props {
  const kept: Props = {};
  for (const [k, v] of Object.entries(inputs)) if (!IN_FLIGHT_KEYS.has(k)) kept[k] = v;
  return { ...kept, ...outputsOf(r) };
}

/** The context of one call on an instance: the call's, plus the resource's journal key. */
function orderContext(props: Props): OrderContext {
  return { ...callContext(props.waitTimeoutSeconds, resourceName(props)), purchaseKey: str(props.__purchaseKey) ?? "" };
}

/**
 * After the purchase, every failure keeps the instance in the state (id and what is known), so the next
 * `pulumi up` continues with `update` instead of buying again. An order left open goes with it.
 */
function keepInState(err: unknown, id: string, props: Props): never {
  if (err instanceof OpenOrderError) {
    const open = openOrdersOf(props).filter((o) => o.dealId !== err.order.dealId);
    throw PartialError.wrap(err, id, { ...props, [OPEN_ORDERS]: [...open, err.order] });
  }
  if (err instanceof UnconfirmedRestoreError) throw PartialError.wrap(err, id, { ...props, [RESTORE_SENT]: err.sent });
  throw PartialError.wrap(err, id, props);
}

/**
 * Applies name, project and auto-renew to a fresh or adopted instance, skipping what already matches. An instance
 * still carrying its default name gets the resource's name when the program declares none, so that it never looks
 * unclaimed to another run's fail-safe. Returns the view with what it set: these actions change nothing else.
 */
async function applySettings(ctx: OrderContext, r: RedisView, inputs: Props): Promise<RedisView> {
  let view = r;
  const name = str(inputs.name) ?? (hasDefaultName(r) ? defaultNameFor(ctx.purchaseKey) : undefined);
  if (name !== undefined && r.redisName !== name) {
    await api.modifyRedisName(ctx.client, { redisId: r.redisId, redisName: name });
    view = { ...view, redisName: name };
  }
  const projectId = num(inputs.projectId);
  if (projectId !== undefined && r.projectId !== projectId) {
    await api.modifyRedisProject(ctx.client, { redisIds: [r.redisId], projectId });
    view = { ...view, projectId };
  }
  const autoRenew = num(inputs.autoRenew);
  if (autoRenew !== undefined && r.autoRenewFlag !== autoRenew) {
    await api.setRedisAutoRenew(ctx.client, { redisIds: [r.redisId], isAutoRenew: autoRenew as 0 | 1 | 2 });
    view = { ...view, autoRenewFlag: autoRenew };
  }
  return view;
}

/** Settings, then the renewals `paidThrough` asks for: what a new or adopted instance gets. */
async function settle(ctx: OrderContext, r: RedisView, inputs: Props): Promise<RedisView> {
  const running = r.status === 2 ? r : await waitRunning(ctx, r.redisId, "create");
  const set = await applySettings(ctx, running, inputs);
  const paidThrough = str(inputs.paidThrough);
  return paidThrough ? renewUntil(ctx, set, paidThrough) : set;
}

/** The instance of a create deal if it is delivered now (one look, no wait: refresh must not block on orders). */
async function deliveredNow(ctx: OrderContext, dealId: string): Promise<string | undefined> {
  const { dealDetails } = await api.describeRedisDealDetail(ctx.client, { dealIds: [dealId] });
  const deal = dealDetails.find((d) => d.dealId === dealId);
  return deal && dealStatusClass(Number(deal.status)) === "success" ? deal.goodsDetail.redisIds[0] : undefined;
}

/** The instance a delivered create deal holds. */
async function deliveredInstance(ctx: OrderContext, dealId: string, what: string): Promise<string> {
  const deal = await waitDeal(ctx, dealId, what);
  const first = deal.goodsDetail.redisIds[0];
  if (!first) throw new Error(`deal ${dealId} was delivered without an instance id`);
  return first;
}

/** Takes an instance over: verifies it, applies declared settings, records it. Buys nothing but renewals. */
async function adopt(ctx: OrderContext, inputs: Props, id: string, why: string): Promise<pulumi.dynamic.CreateResult> {
  const found = await describeOne(ctx, id);
  if (!found) throw new Error(`cannot adopt ${id}: DescribeRedis does not know it (${why})`);
  ctx.log(`adopting ${id} (${why}); nothing is bought`);
  claimed().add(id);
  try {
    return { id, outs: stateOf(inputs, await settle(ctx, found, inputs)) };
  } catch (err) {
    keepInState(err, id, { ...inputs, instanceId: id });
  }
}

/** Marks the purchase done: the record stays until a later call shows the state has the instance. */
function completed(rec: PurchaseRecord, instanceId: string): void {
  record({ ...rec, instanceId, completedAt: Date.now() });
}

async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const ctx = { ...orderContext(inputs), orderLimit: orderLimitOf(inputs) };
  const restoreId = str(inputs.restoreBackupId);
  if (restoreId) {
    // RestoreInstance restores an instance's own backups; a new instance has none, so restoring now could only fail.
    ctx.log(`restoreBackupId ${restoreId} is recorded, not restored: restores apply when the value changes later`);
  }
  const adoptId = str(inputs.adoptInstanceId);
  if (adoptId) return adopt(ctx, inputs, adoptId, "adoptInstanceId");

  const previous = journalOf(ctx.purchaseKey);
  if (previous) {
    const found = await findEarlierPurchase(ctx, previous, (dealId) =>
      deliveredInstance(ctx, dealId, "resume an interrupted create"),
    );
    if (found) {
      const result = await adopt(ctx, inputs, found, "bought by an interrupted earlier run of this resource");
      completed(previous, found);
      return result;
    }
    ctx.log("an earlier create of this resource was interrupted before anything was bought; buying now");
  }

  // The budget before anything is written (the orphan check below may name instances).
  await guardOrder(ctx, buyOrderOf(inputs));
  const before = await instancesBeforePurchase(ctx);
  if (!previous) {
    const candidates = orphanCandidates(before, inputs);
    if (candidates.length > 0) {
      ctx.log(`checking whether ${candidates.map((c) => c.redisId).join(", ")} belong to a run going on now`);
      refuseOrphans(await lastingOrphans(ctx, candidates));
    }
  }
  const fp = fingerprintOf(inputs);
  const rec: PurchaseRecord = {
    kind: "create",
    key: ctx.purchaseKey,
    startedAt: Date.now(),
    fingerprint: fp,
    knownIds: before.map((r) => r.redisId),
  };
  record(rec);

  let dealId: string;
  try {
    ({ dealId } = await sendCreate(ctx, inputs, fp));
  } catch (err) {
    if (err instanceof api.AmbiguousPurchaseError) {
      // The order may exist. Look for it once now; otherwise the journal makes the next run look again.
      const found = await findEarlierPurchase(ctx, rec, async () => undefined).catch(() => undefined);
      if (found) {
        const result = await adopt(ctx, inputs, found, "CreateRedis answer was lost, the instance was found");
        completed(rec, found);
        return result;
      }
      throw new Error(
        `CreateRedis may have bought an instance but its answer was lost (${(err as Error).message}). ` +
          "Nothing will be bought again for this resource: run `pulumi up` again to find and adopt it.",
      );
    }
    forget(rec); // the cloud refused: nothing was bought
    throw err;
  }
  record({ ...rec, dealId });
  ctx.log(
    `ordered ${inputs.memSize} MB (typeId ${inputs.typeId}) in zone ${inputs.zoneId} for ${num(inputs.period) ?? 1} month(s): deal ${dealId}`,
  );

  let instanceId: string;
  try {
    instanceId = await deliveredInstance(ctx, dealId, "create instance");
  } catch (err) {
    keepInState(err, `${PENDING_DEAL_PREFIX}${dealId}`, { ...inputs, __dealId: dealId });
  }
  claimed().add(instanceId);
  record({ ...rec, dealId, instanceId });
  try {
    const running = await waitRunning(ctx, instanceId, "create");
    const final = await settle(ctx, running, inputs);
    completed(rec, instanceId);
    return { id: instanceId, outs: stateOf(inputs, final) };
  } catch (err) {
    keepInState(err, instanceId, { ...inputs, instanceId });
  }
}

/**
 * The instance id of a state, resolving a create that stopped before its deal was delivered: the id is then
 * `pending-deal-<deal>` (an update cannot change a resource id; a refresh can, and does).
 */
async function resolveId(ctx: OrderContext, id: string, props: Props): Promise<string> {
  if (!id.startsWith(PENDING_DEAL_PREFIX)) return id;
  const known = str(props.instanceId);
  if (known && !known.startsWith(PENDING_DEAL_PREFIX)) return known;
  const dealId = str(props.__dealId) ?? id.slice(PENDING_DEAL_PREFIX.length);
  const instanceId = await deliveredInstance(ctx, dealId, "resume create");
  claimed().add(instanceId);
  return instanceId;
}

async function runStep(ctx: OrderContext, step: Step, r: RedisView, olds: Props, news: Props): Promise<RedisView> {
  const id = r.redisId;
  switch (step.kind) {
    case "rename":
      await api.modifyRedisName(ctx.client, { redisId: id, redisName: step.name });
      return { ...r, redisName: step.name };
    case "moveProject":
      await api.modifyRedisProject(ctx.client, { redisIds: [id], projectId: step.projectId });
      return { ...r, projectId: step.projectId };
    case "autoRenew":
      await api.setRedisAutoRenew(ctx.client, { redisIds: [id], isAutoRenew: step.flag });
      return { ...r, autoRenewFlag: step.flag };
    case "password":
      await changePassword(ctx, id, String(olds.password ?? ""), String(news.password));
      return r;
    case "upgrade":
      return upgradeTo(ctx, r, step.memSize);
    case "renew":
      return renewUntil(ctx, r, step.paidThrough);
    case "restore":
      return restore(ctx, r, step.backupId, olds, news);
  }
}

/** A RestoreInstance whose answer was lost and whose task has not shown: the state keeps when it was sent. */
class UnconfirmedRestoreError extends Error {
  override readonly name = "UnconfirmedRestoreError";
  constructor(
    readonly sent: { backupId: string; sentAt: number },
    cause: unknown,
  ) {
    super(
      `RestoreInstance from backup ${sent.backupId} may have been carried out (its answer was lost: ` +
        `${cause instanceof Error ? cause.message : String(cause)}) and no restore task has shown yet. It is not ` +
        "sent again now: the next `pulumi up` looks for its task first and sends it only if none ever started.",
      { cause },
    );
  }
}

const RESTORE_SENT = "__restoreSent";

/**
 * RestoreInstance is sent at most once per declared backup: a second restore would lose what was written since the
 * first. After a lost answer the task list tells whether it ran.
 */
async function restore(ctx: OrderContext, r: RedisView, backupId: string, olds: Props, news: Props) {
  const id = r.redisId;
  const earlier = olds[RESTORE_SENT] as { backupId?: string; sentAt?: number } | undefined;
  if (earlier?.backupId === backupId && typeof earlier.sentAt === "number") {
    if ((await lookForTask(ctx, id, "task_restoreBackup", earlier.sentAt)) === "done") {
      ctx.log(`the restore of ${id} from ${backupId} sent by an earlier run finished; not restoring again`);
      return r;
    }
    ctx.log(`the earlier RestoreInstance of ${id} left no task: it was not carried out; sending it now`);
  }
  ctx.log(`restoring ${id} from backup ${backupId}`);
  const sentAt = Date.now();
  let taskId: number;
  try {
    ({ requestId: taskId } = await api.restoreInstance(ctx.client, {
      redisId: id,
      backupId,
      password: String(news.password),
    }));
  } catch (err) {
    if (!(err instanceof api.AmbiguousPurchaseError)) throw err;
    if ((await lookForTask(ctx, id, "task_restoreBackup", sentAt)) === "done") return r;
    throw new UnconfirmedRestoreError({ backupId, sentAt }, err);
  }
  await waitTask(ctx, taskId, `restore ${id} from ${backupId}`);
  return r;
}

/** ClearRedis on delete; after a lost answer its task tells whether the data was wiped. */
async function clearData(ctx: OrderContext, id: string, password: string): Promise<void> {
  const sentAt = Date.now();
  ctx.log(`clearing the data of ${id}`);
  try {
    const { requestId: taskId } = await api.clearRedis(ctx.client, { redisId: id, password });
    await waitTask(ctx, taskId, `clear ${id}`);
  } catch (err) {
    if (!(err instanceof api.AmbiguousPurchaseError)) throw err;
    if ((await lookForTask(ctx, id, "task_cleanInstance", sentAt)) === "absent") {
      throw new Error(
        `ClearRedis of ${id} lost its answer and no clear task started: the data is not wiped yet. ` +
          "Run `pulumi destroy` again to clear it.",
        { cause: err },
      );
    }
  }
}

/**
 * ModfiyRedisPassword needs the current password. When the one in the state no longer matches (changed outside
 * Pulumi: module error 10502), ResetRedisPassword sets the declared one anyway.
 */
async function changePassword(ctx: OrderContext, id: string, oldPassword: string, password: string): Promise<void> {
  let taskId: number;
  ctx.log(`changing the password of ${id}`);
  try {
    ({ requestId: taskId } = await api.modfiyRedisPassword(ctx.client, { redisId: id, oldPassword, password }));
  } catch (err) {
    if (!(err instanceof api.ServiceError) || err.moduleCode !== 10502) throw err;
    ctx.log(`the password of ${id} was changed outside Pulumi (10502); resetting it to the declared one`);
    ({ requestId: taskId } = await api.resetRedisPassword(ctx.client, { redisId: id, password }));
  }
  await waitTask(ctx, taskId, `change the password of ${id}`);
}

async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const ctx = { ...orderContext(news), orderLimit: orderLimitOf(news) };
  const realId = await resolveId(ctx, id, olds);
  settlePurchase(olds, realId);
  let current = await describeOne(ctx, realId);
  if (!current)
    throw new Error(`instance ${realId} no longer exists; run \`pulumi refresh\` to drop it from the state`);
  // The state as of the last successful step, so a failure part-way keeps what was done. An id that is still a
  // pending deal keeps its deal and, from now on, the instance it resolved to.
  let done: Props = { ...olds, instanceId: realId };
  try {
    // Orders of earlier runs first: a renewal then counts from the deadline they reached, an upgrade is not re-sent.
    if (await resumeOrders(ctx, realId, olds)) current = (await describeOne(ctx, realId)) ?? current;
    done = without(done, OPEN_ORDERS);
    if (current.status !== 2) current = await waitRunning(ctx, realId, "update");
    if (realId !== id || olds.__dealId !== undefined) {
      // Finishing an interrupted create: the declared settings were never applied.
      current = await applySettings(ctx, current, news);
      done = without({ ...news, instanceId: realId, __dealId: olds.__dealId }, OPEN_ORDERS);
    }
    for (const step of planUpdate(olds, news)) {
      current = await runStep(ctx, step, current, olds, news);
      done = { ...done, ...afterStep(step, news) };
    }
    const final = (await describeOne(ctx, realId)) ?? current;
    // A pending id stays the resource id until a refresh replaces it; the deal lets later calls resolve it.
    const outs = stateOf(news, final);
    return { outs: id.startsWith(PENDING_DEAL_PREFIX) ? without({ ...outs, __dealId: olds.__dealId }) : outs };
  } catch (err) {
    keepInState(err, id.startsWith(PENDING_DEAL_PREFIX) ? id : realId, done);
  }
}

/** Which inputs a finished step makes true in the state. */
function afterStep(step: Step, news: Props): Props {
  switch (step.kind) {
    case "rename":
      return { name: news.name };
    case "moveProject":
      return { projectId: news.projectId };
    case "autoRenew":
      return { autoRenew: news.autoRenew };
    case "password":
      return { password: news.password };
    case "upgrade":
      return { memSize: news.memSize };
    case "renew":
      return { paidThrough: news.paidThrough };
    case "restore":
      return { restoreBackupId: news.restoreBackupId };
  }
}

async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const ctx = orderContext(props);
  let realId = id;
  if (id.startsWith(PENDING_DEAL_PREFIX)) {
    // A refresh may change the id: an interrupted create whose deal was delivered gets its instance id now.
    const delivered =
      str(props.instanceId) ?? (await deliveredNow(ctx, str(props.__dealId) ?? id.slice(PENDING_DEAL_PREFIX.length)));
    if (!delivered) {
      ctx.log(`the create order behind ${id} is not delivered yet; refresh keeps it, the next up waits for it`);
      return { id, props };
    }
    realId = delivered;
  }
  settlePurchase(props, realId);
  const r = await describeForRefresh(ctx, realId);
  if (!r) {
    ctx.log(`instance ${realId} no longer exists; it leaves the state`);
    return { id: "", props: {} };
  }
  if (r.status === -2)
    ctx.log(`instance ${realId} is isolated (status -2): it lapsed at ${r.deadlineTime}; renew it to use it`);
  // Drift in the fields the cloud owns shows up in `pulumi refresh`, and is written to the inputs too, so the next
  // \`pulumi preview\` diffs the program against what the cloud really has and \`up\` puts it back.
  const drift: Props = {};
  if (r.redisName !== undefined && props.name !== undefined) drift.name = r.redisName;
  if (r.projectId !== undefined && props.projectId !== undefined) drift.projectId = r.projectId;
  if (r.size !== undefined) drift.memSize = r.size;
  if (r.autoRenewFlag !== undefined && props.autoRenew !== undefined) drift.autoRenew = r.autoRenewFlag;
  const inputs: Props = {};
  for (const [k, v] of Object.entries(props)) if (!OUTPUT_KEYS.has(k) && !IN_FLIGHT_KEYS.has(k)) inputs[k] = v;
  const kept = realId === id ? props : without(props, "__dealId");
  return { id: realId, props: { ...kept, ...outputsOf(r), ...drift }, inputs: { ...inputs, ...drift } };
}

async function remove(id: string, props: Props): Promise<void> {
  const ctx = orderContext(props);
  id = await resolveId(ctx, id, props);
  settlePurchase(props, id);
  const r = await describeOne(ctx, id);
  if (!r) {
    ctx.log(`instance ${id} is already gone`);
    return;
  }
  // Orders still open are paid for: wait for them, so the instance's last state is the one that was bought.
  await resumeOrders(ctx, id, props);
  const password = String(props.password ?? "");
  if (props.finalBackup === true) {
    // The same matching as the Backup resource (list before and after), so the logged id is the one just made.
    const backup = await takeBackup(ctx, id, "pulumi final backup");
    ctx.log(`final backup of ${id}: ${backup.backupId}, kept by the cloud for 7 days`);
  }
  if (props.clearOnDelete === true) await clearData(ctx, id, password);
  // The 2017 API cannot delete a prepaid instance: it stops renewing and lapses at its deadline.
  if (r.autoRenewFlag !== 2) await api.setRedisAutoRenew(ctx.client, { redisIds: [id], isAutoRenew: 2 });
  ctx.log(
    `instance ${id} is no longer managed; the CRS API has no delete, so it keeps running until its deadline ` +
      `${r.deadlineTime} and then lapses (auto-renew set to 2)`,
  );
}

/** The Instance provider as the dynamic-provider host calls it. @internal */
export const instanceProvider = defineProvider({
  ...instanceChecks,
  create,
  read,
  update,
  delete: remove,
  verifyChange: async (id, olds, news) => {
    await verifyRestoreSource(id, olds, news);
    await priceChange(olds, news);
  },
});
