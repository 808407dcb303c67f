/* An Instance's update: orders of earlier runs first, then the planned steps in order, keeping what each one did. */

import type * as pulumi from "@pulumi/pulumi";
import * as api from "../../api";
import { ProviderError } from "../../errors";
import { orderLimitOf } from "../orders/budget";
import { settlePurchase } from "../orders/journal";
import { OPEN_ORDERS, type OrderContext, renewUntil, resumeOrders, upgradeTo } from "../orders/orders";
import { describeOne, type RedisView } from "../reads/instanceReads";
import { PENDING_DEAL_PREFIX, type Props, without } from "../reads/props";
import { waitRunning, waitTask } from "../reads/waits";
import { type InstanceProps, type InstanceState, stepField } from "../rules/instanceModel";
import { planUpdate, type Step } from "../rules/plan";
import { applySettings } from "./instanceCreate";
import { restore } from "./instanceRestore";
import { keepInState, orderContext, resolveId, stateOf } from "./instanceState";

async function runStep(
  ctx: OrderContext,
  step: Step,
  r: RedisView,
  olds: InstanceState,
  news: InstanceProps,
): Promise<RedisView> {
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
      await changePassword(ctx, id, olds.password ?? "", news.password);
      return r;
    case "upgrade":
      return upgradeTo(ctx, r, step.memSize);
    case "renew":
      return renewUntil(ctx, r, step.paidThrough);
    case "restore":
      return restore(ctx, r, step.backupId, olds, news);
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
    if (!api.isPasswordMismatch(err)) throw err;
    ctx.log(`the password of ${id} was changed outside Pulumi (10502); resetting it to the declared one`);
    ({ requestId: taskId } = await api.resetRedisPassword(ctx.client, { redisId: id, password }));
  }
  await waitTask(ctx, taskId, { kind: "password", what: `change the password of ${id}` });
}

export async function update(
  id: string,
  olds: InstanceState,
  news: InstanceProps,
): Promise<pulumi.dynamic.UpdateResult<InstanceState>> {
  const ctx = { ...orderContext(news), orderLimit: orderLimitOf(news) };
  const realId = await resolveId(ctx, id, olds);
  settlePurchase(olds, realId);
  let current = await describeOne(ctx, realId);
  if (!current)
    throw new ProviderError(`instance ${realId} no longer exists; run \`pulumi refresh\` to drop it from the state`);
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

/** Which input a finished step makes true in the state (instanceModel.ts: each in-place input names its step). */
function afterStep(step: Step, news: InstanceProps): Props {
  const field = stepField(step.kind);
  return { [field]: news[field] };
}
