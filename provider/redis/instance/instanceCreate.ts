/* An Instance's create: buy once (the journal, the orphan check, the budget), or adopt, then settle the settings. */

import type * as pulumi from "@pulumi/pulumi";
import * as api from "../../api";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import { guardOrder, orderLimitOf } from "../orders/budget";
import type { PurchaseRecord } from "../orders/journal";
import { type OrderContext, renewUntil } from "../orders/orders";
import { buyOrderOf } from "../orders/pricing";
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
} from "../orders/purchase";
import { instancesBeforePurchase } from "../orders/purchaseSnapshot";
import { describeOne, type RedisView } from "../reads/instanceReads";
import { PENDING_DEAL_PREFIX } from "../reads/props";
import { waitRunning } from "../reads/waits";
import type { InstanceProps, InstanceState } from "../rules/instanceModel";
import { recordHolder } from "./instanceHolder";
import { deliveredInstance, keepInState, orderContext, stateOf } from "./instanceState";

/**
 * Applies name, project and auto-renew to a fresh or adopted instance, skipping what already matches. An instance
 * still carrying its default name gets the resource's name when the program declares none, so that it never looks
 * unclaimed to another run's fail-safe. Returns the view with what it set: these actions change nothing else.
 */
export async function applySettings(ctx: OrderContext, r: RedisView, inputs: InstanceProps): Promise<RedisView> {
  let view = r;
  // A program's null passes the check as "not declared": `??` and `!= null` take it for absent.
  const name = inputs.name ?? (hasDefaultName(r) ? defaultNameFor(ctx.purchaseKey) : undefined);
  if (name !== undefined && r.redisName !== name) {
    await api.modifyRedisName(ctx.client, { redisId: r.redisId, redisName: name });
    view = { ...view, redisName: name };
  }
  const { projectId, autoRenew } = inputs;
  if (projectId != null && r.projectId !== projectId) {
    await api.modifyRedisProject(ctx.client, { redisIds: [r.redisId], projectId });
    view = { ...view, projectId };
  }
  if (autoRenew != null && r.autoRenewFlag !== autoRenew) {
    await api.setRedisAutoRenew(ctx.client, { redisIds: [r.redisId], isAutoRenew: autoRenew });
    view = { ...view, autoRenewFlag: autoRenew };
  }
  return view;
}

/** Settings, then the renewals `paidThrough` asks for: what a new or adopted instance gets. */
export async function settle(ctx: OrderContext, r: RedisView, inputs: InstanceProps): Promise<RedisView> {
  const running = r.status === 2 ? r : await waitRunning(ctx, r.redisId, "create");
  const set = await applySettings(ctx, running, inputs);
  return inputs.paidThrough ? renewUntil(ctx, set, inputs.paidThrough) : set;
}

/** Takes an instance over: verifies it, applies declared settings, records it. Buys nothing but renewals. */
async function adopt(
  ctx: OrderContext,
  inputs: InstanceProps,
  id: string,
  why: string,
): Promise<pulumi.dynamic.CreateResult<InstanceState>> {
  const found = await describeOne(ctx, id);
  if (!found) throw new ProviderError(`cannot adopt ${id}: DescribeRedis does not know it (${why})`);
  ctx.log(`adopting ${id} (${why}); nothing is bought`);
  claimed().add(id);
  recordHolder(id, "adopt", ctx.purchaseKey);
  try {
    return { id, outs: stateOf(inputs, await settle(ctx, found, inputs)) };
  } catch (err) {
    keepInState(err, id, { ...inputs, instanceId: id });
  }
}

/** Marks the purchase done: the record stays until a later call shows the state has the instance. */
function completed(rec: PurchaseRecord, instanceId: string): void {
  record({ ...rec, instanceId, completedAt: processClock().now() });
}

export async function create(inputs: InstanceProps): Promise<pulumi.dynamic.CreateResult<InstanceState>> {
  const ctx = { ...orderContext(inputs), orderLimit: orderLimitOf(inputs) };
  const restoreId = inputs.restoreBackupId;
  if (restoreId) {
    // RestoreInstance restores an instance's own backups; a new instance has none, so restoring now could only fail.
    ctx.log(`restoreBackupId ${restoreId} is recorded, not restored: restores apply when the value changes later`);
  }
  const adoptId = inputs.adoptInstanceId;
  if (adoptId) return adopt(ctx, inputs, adoptId, "adoptInstanceId");

  const previous = journalOf(ctx.purchaseKey);
  if (previous) {
    const found = await findEarlierPurchase(ctx, previous, (dealId) =>
      deliveredInstance(ctx, dealId, { kind: "create", what: "resume an interrupted create", resumed: true }),
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
    startedAt: processClock().now(),
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
      throw new ProviderError(
        `CreateRedis may have bought an instance but its answer was lost (${(err as Error).message}). ` +
          "Nothing will be bought again for this resource: run `pulumi up` again to find and adopt it.",
      );
    }
    forget(rec); // the cloud refused: nothing was bought
    throw err;
  }
  record({ ...rec, dealId });
  ctx.log(
    `ordered ${inputs.memSize} MB (typeId ${inputs.typeId}) in zone ${inputs.zoneId} for ${inputs.period ?? 1} month(s): deal ${dealId}`,
  );

  let instanceId: string;
  try {
    instanceId = await deliveredInstance(ctx, dealId, { kind: "create", what: "create instance" });
  } catch (err) {
    keepInState(err, `${PENDING_DEAL_PREFIX}${dealId}`, { ...inputs, __dealId: dealId });
  }
  claimed().add(instanceId);
  recordHolder(instanceId, "create", ctx.purchaseKey);
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
