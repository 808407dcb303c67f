import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api";
import { type CallContext, callContext } from "../runtime/context";
import { defineProvider } from "../runtime/defineProvider";
import { PartialError } from "../runtime/partial";
import { takeBackup } from "./backupProvider";
import {
  describeAll,
  describeForRefresh,
  describeOne,
  idsBeforePurchase,
  type RedisView,
  waitDeal,
  waitRunning,
  waitTask,
} from "./cloud";
import { checkInstanceInputs, parsePaidThrough } from "./instanceInputs";
import { clearPurchase, type PurchaseRecord, readPurchase, writePurchase } from "./journal";
import { diffInstance, monthsToRenew, planUpdate, type Step } from "./plan";
import { verifyRestoreSource } from "./restoreSource";
import { parseCrsTime } from "./time";

type Props = Record<string, unknown>;

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

/** Inputs as recorded in the state: the user's, with what the cloud reports for the fields it owns. */
function stateOf(inputs: Props, r: RedisView): Props {
  return { ...inputs, ...outputsOf(r) };
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/**
 * After the purchase, every failure keeps the instance in the state (id and what is known), so the next
 * `pulumi up` continues with `update` instead of buying again.
 */
function keepInState(err: unknown, id: string, props: Props): never {
  throw PartialError.wrap(err, id, props);
}

/**
 * Applies name, project and auto-renew to a fresh or adopted instance, skipping what already matches. Returns the
 * view with what it set: these actions change nothing else, so no read is needed after them.
 */
async function applySettings(ctx: CallContext, r: RedisView, inputs: Props): Promise<RedisView> {
  let view = r;
  const name = str(inputs.name);
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

/** Renews by whole months until the deadline reaches `paidThrough`; nothing when it already does. */
async function renewUntil(ctx: CallContext, r: RedisView, paidThrough: string): Promise<RedisView> {
  const target = parsePaidThrough(paidThrough);
  const deadline = parseCrsTime(r.deadlineTime);
  if (target === undefined || deadline === undefined) return r;
  const months = monthsToRenew(deadline, target);
  if (months === 0) return r;
  // RenewRedis takes a documented period (1-12, 24, 36): renew in the largest allowed pieces.
  let left = months;
  while (left > 0) {
    const period = left >= 36 ? 36 : left >= 24 ? 24 : Math.min(left, 12);
    ctx.log(`renewing ${r.redisId} by ${period} month(s) so it is paid through ${paidThrough}`);
    const { dealId } = await api.renewRedis(ctx.client, { redisId: r.redisId, period });
    await waitDeal(ctx, dealId, `renew ${r.redisId}`);
    left -= period;
  }
  return (await describeOne(ctx, r.redisId)) ?? r;
}

/** Finds an instance this resource bought in an earlier, interrupted run. */
async function resumePurchase(ctx: CallContext, rec: PurchaseRecord): Promise<string | undefined> {
  if (rec.instanceId) return rec.instanceId;
  if (rec.dealId) {
    const deal = await waitDeal(ctx, rec.dealId, "resume an interrupted create");
    return deal.goodsDetail.redisIds[0];
  }
  // CreateRedis was sent but its answer never came back: look for an instance of the same shape that appeared
  // after the purchase started and did not exist before it.
  const known = new Set(rec.knownIds ?? []);
  const all = await describeAll(ctx);
  const candidates = all.filter(
    (r) =>
      !known.has(r.redisId) &&
      r.zoneId === rec.zoneId &&
      r.typeId === rec.typeId &&
      r.size === rec.memSize &&
      (parseCrsTime(r.createTime) ?? 0) >= rec.startedAt - 120_000,
  );
  if (candidates.length === 1) return candidates[0]?.redisId;
  if (candidates.length > 1) {
    throw new Error(
      `an earlier create of this resource was interrupted after CreateRedis was sent, and ${candidates.length} ` +
        `instances could be the one it bought (${candidates.map((c) => c.redisId).join(", ")}). ` +
        "Set adoptInstanceId to the right one; nothing was bought this time.",
    );
  }
  return undefined;
}

/** Takes an instance over: verifies it, applies declared settings, records it. Buys nothing. */
async function adopt(ctx: CallContext, inputs: Props, id: string, why: string): Promise<pulumi.dynamic.CreateResult> {
  const found = await describeOne(ctx, id);
  if (!found) throw new Error(`cannot adopt ${id}: DescribeRedis does not know it (${why})`);
  ctx.log(`adopting ${id} (${why}); nothing is bought`);
  try {
    const running = found.status === 2 ? found : await waitRunning(ctx, id, "adopt");
    const settled = await applySettings(ctx, running, inputs);
    const paidThrough = str(inputs.paidThrough);
    const final = paidThrough ? await renewUntil(ctx, settled, paidThrough) : settled;
    return { id, outs: stateOf(inputs, final) };
  } catch (err) {
    keepInState(err, id, { ...inputs, instanceId: id });
  }
}

async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const ctx = callContext(inputs.waitTimeoutSeconds);
  const restoreId = str(inputs.restoreBackupId);
  if (restoreId) {
    // RestoreInstance restores an instance's own backups; a new instance has none, so restoring now could only fail.
    ctx.log(`restoreBackupId ${restoreId} is recorded, not restored: restores apply when the value changes later`);
  }
  const adoptId = str(inputs.adoptInstanceId);
  if (adoptId) return adopt(ctx, inputs, adoptId, "adoptInstanceId");

  const purchaseKey = String(inputs.__purchaseKey ?? "");
  const previous = purchaseKey ? readPurchase(purchaseKey) : undefined;
  if (previous) {
    const found = await resumePurchase(ctx, previous);
    if (found) {
      const result = await adopt(ctx, inputs, found, "bought by an interrupted earlier run of this resource");
      clearPurchase(purchaseKey);
      return result;
    }
    ctx.log("an earlier create of this resource was interrupted before anything was bought; buying now");
  }

  const rec: PurchaseRecord = {
    key: purchaseKey,
    startedAt: Date.now(),
    zoneId: Number(inputs.zoneId),
    typeId: Number(inputs.typeId),
    memSize: Number(inputs.memSize),
    knownIds: await idsBeforePurchase(ctx),
  };
  if (purchaseKey) writePurchase(rec);

  let dealId: string;
  try {
    ({ dealId } = await api.createRedis(ctx.client, {
      zoneId: rec.zoneId,
      typeId: rec.typeId,
      memSize: rec.memSize,
      goodsNum: 1,
      period: Number(inputs.period ?? 1),
      password: String(inputs.password),
      projectId: num(inputs.projectId),
      unVpcId: str(inputs.vpcId),
      unSubnetId: str(inputs.subnetId),
    }));
  } catch (err) {
    if (err instanceof api.AmbiguousPurchaseError) {
      // The order may exist. Look for it once now; otherwise the journal makes the next run look again.
      const found = await resumePurchase(ctx, rec).catch(() => undefined);
      if (found) {
        const result = await adopt(ctx, inputs, found, "CreateRedis answer was lost, the instance was found");
        clearPurchase(purchaseKey);
        return result;
      }
      throw new Error(
        `CreateRedis may have bought an instance but its answer was lost (${(err as Error).message}). ` +
          "Nothing will be bought again for this resource: run `pulumi up` again to find and adopt it.",
      );
    }
    if (purchaseKey) clearPurchase(purchaseKey); // the cloud refused: nothing was bought
    throw err;
  }
  if (purchaseKey) writePurchase({ ...rec, dealId });
  ctx.log(`CreateRedis accepted: deal ${dealId}`);

  const pendingId = `pending-deal-${dealId}`;
  let instanceId: string;
  try {
    const deal = await waitDeal(ctx, dealId, "create instance");
    const first = deal.goodsDetail.redisIds[0];
    if (!first) throw new Error(`deal ${dealId} was delivered without an instance id`);
    instanceId = first;
  } catch (err) {
    keepInState(err, pendingId, { ...inputs, __dealId: dealId });
  }
  if (purchaseKey) writePurchase({ ...rec, dealId, instanceId });
  try {
    const running = await waitRunning(ctx, instanceId, "create");
    const final = await applySettings(ctx, running, inputs);
    if (purchaseKey) clearPurchase(purchaseKey);
    return { id: instanceId, outs: stateOf(inputs, final) };
  } catch (err) {
    keepInState(err, instanceId, { ...inputs, instanceId });
  }
}

/** The instance id of a state, resolving a create that stopped before its deal was delivered. */
async function resolveId(ctx: CallContext, id: string, olds: Props): Promise<string> {
  const dealId = str(olds.__dealId);
  if (!id.startsWith("pending-deal-") || !dealId) return id;
  const deal = await waitDeal(ctx, dealId, "resume create");
  const first = deal.goodsDetail.redisIds[0];
  if (!first) throw new Error(`deal ${dealId} was delivered without an instance id`);
  return first;
}

async function runStep(ctx: CallContext, step: Step, r: RedisView, olds: Props, news: Props): Promise<RedisView> {
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
    case "upgrade": {
      // An earlier run may have bought this upgrade and been stopped before it recorded it (killed mid-wait): the
      // cloud already has the size, and UpgradeRedis again would be refused or, worse, bought twice.
      if (typeof r.size === "number" && r.size >= step.memSize) {
        ctx.log(`${id} already has ${r.size} MB (an earlier interrupted upgrade); not upgrading again`);
        return r;
      }
      ctx.log(`upgrading ${id} from ${r.size} to ${step.memSize} MB`);
      const { dealId } = await api.upgradeRedis(ctx.client, { redisId: id, memSize: step.memSize });
      await waitDeal(ctx, dealId, `upgrade ${id}`);
      return waitRunning(ctx, id, "upgrade");
    }
    case "renew":
      return renewUntil(ctx, r, step.paidThrough);
    case "restore": {
      ctx.log(`restoring ${id} from backup ${step.backupId}`);
      const { requestId: taskId } = await api.restoreInstance(ctx.client, {
        redisId: id,
        backupId: step.backupId,
        password: String(news.password),
      });
      await waitTask(ctx, taskId, `restore ${id} from ${step.backupId}`);
      return r;
    }
  }
}

/**
 * ModfiyRedisPassword needs the current password. When the one in the state no longer matches (changed outside
 * Pulumi: module error 10502), ResetRedisPassword sets the declared one anyway.
 */
async function changePassword(ctx: CallContext, id: string, oldPassword: string, password: string): Promise<void> {
  let taskId: number;
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
  const ctx = callContext(news.waitTimeoutSeconds);
  const realId = await resolveId(ctx, id, olds);
  let current = await describeOne(ctx, realId);
  if (!current)
    throw new Error(`instance ${realId} no longer exists; run \`pulumi refresh\` to drop it from the state`);
  if (current.status !== 2) current = await waitRunning(ctx, realId, "update");
  // The state as of the last successful step, so a failure part-way keeps what was done.
  let done: Props = { ...olds };
  try {
    if (realId !== id || olds.__dealId !== undefined) {
      // Finishing an interrupted create: the declared settings were never applied.
      await applySettings(ctx, current, news);
      done = { ...news, instanceId: realId };
    }
    for (const step of planUpdate(olds, news)) {
      current = await runStep(ctx, step, current, olds, news);
      done = { ...done, ...afterStep(step, news) };
    }
    const final = (await describeOne(ctx, realId)) ?? current;
    const { __dealId: _dropped, ...rest } = news;
    return { outs: stateOf(rest, final) };
  } catch (err) {
    keepInState(err, realId, done);
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
  const ctx = callContext(props.waitTimeoutSeconds);
  if (id.startsWith("pending-deal-")) return { id, props };
  const r = await describeForRefresh(ctx, id);
  if (!r) {
    ctx.log(`instance ${id} no longer exists; it leaves the state`);
    return { id: "", props: {} };
  }
  if (r.status === -2)
    ctx.log(`instance ${id} is isolated (status -2): it lapsed at ${r.deadlineTime}; renew it to use it`);
  // Drift in the fields the cloud owns shows up in `pulumi refresh`, and is written to the inputs too, so the next
  // `pulumi preview` diffs the program against what the cloud really has and `up` puts it back.
  const drift: Props = {};
  if (r.redisName !== undefined && props.name !== undefined) drift.name = r.redisName;
  if (r.projectId !== undefined && props.projectId !== undefined) drift.projectId = r.projectId;
  if (r.size !== undefined) drift.memSize = r.size;
  if (r.autoRenewFlag !== undefined && props.autoRenew !== undefined) drift.autoRenew = r.autoRenewFlag;
  const inputs: Props = {};
  for (const [k, v] of Object.entries(props)) if (!OUTPUT_KEYS.has(k)) inputs[k] = v;
  return { id, props: { ...props, ...outputsOf(r), ...drift }, inputs: { ...inputs, ...drift } };
}

async function remove(id: string, props: Props): Promise<void> {
  const ctx = callContext(props.waitTimeoutSeconds);
  if (id.startsWith("pending-deal-")) id = await resolveId(ctx, id, props);
  const r = await describeOne(ctx, id);
  if (!r) {
    ctx.log(`instance ${id} is already gone`);
    return;
  }
  const password = String(props.password ?? "");
  if (props.finalBackup === true) {
    // The same matching as the Backup resource (list before and after), so the logged id is the one just made.
    const backup = await takeBackup(ctx, id, "pulumi final backup");
    ctx.log(`final backup of ${id}: ${backup.backupId}, kept by the cloud for 7 days`);
  }
  if (props.clearOnDelete === true) {
    const { requestId: taskId } = await api.clearRedis(ctx.client, { redisId: id, password });
    await waitTask(ctx, taskId, `clear ${id}`);
    ctx.log(`cleared the data of ${id}`);
  }
  // The 2017 API cannot delete a prepaid instance: it stops renewing and lapses at its deadline.
  if (r.autoRenewFlag !== 2) await api.setRedisAutoRenew(ctx.client, { redisIds: [id], isAutoRenew: 2 });
  ctx.log(
    `instance ${id} is no longer managed; the CRS API has no delete, so it keeps running until its deadline ` +
      `${r.deadlineTime} and then lapses (auto-renew set to 2)`,
  );
}

/** The Instance provider as the dynamic-provider host calls it. @internal */
export const instanceProvider = defineProvider({
  check: checkInstanceInputs,
  diff: diffInstance,
  create,
  read,
  update,
  delete: remove,
  verifyChange: verifyRestoreSource,
});
