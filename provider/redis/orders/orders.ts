import { z } from "zod";
import * as api from "../../api";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import { pollFor } from "../../wait/pollFor";
import { describeOne, type RedisView } from "../reads/instanceReads";
import { parseCrsTime } from "../reads/time";
import { waitDeal, waitRunning } from "../reads/waits";
import { parsePaidThrough } from "../rules/instanceInputs";
import { monthsToRenew, renewalPeriod } from "../rules/plan";
import { type GuardedContext, guardOrder } from "./budget";
import { clearOrder, type OrderRecord, orderKey, readOrder, writeOrder } from "./journal";

/**
 * Renewals and upgrades are orders: each is journaled before it is sent, its deal id goes into the resource's state
 * (`__openOrders`) when the wait for it fails, and every later call finishes the open orders before it decides
 * whether anything more must be bought. So a timed-out, killed or answer-lost order is waited for, never re-placed.
 */

const openOrderSchema = z.object({
  kind: z.enum(["renew", "upgrade"]),
  dealId: z.string(),
  instanceId: z.string(),
});
export type OpenOrder = z.infer<typeof openOrderSchema>;

/**
 * A call that may order: its context, the resource's purchase key (the journal's name for it) and the budget limit
 * that applies to its orders, if any.
 * @internal
 */
export type OrderContext = GuardedContext;

/** A resource without a purchase key (a state from before there was one) is journaled by its instance id. */
function keyFor(ctx: OrderContext, instanceId: string, kind: OrderRecord["kind"]): string {
  return orderKey(ctx.purchaseKey || `instance/${instanceId}`, kind);
}

/** The state key that carries orders placed but not yet seen delivered. @internal */
export const OPEN_ORDERS = "__openOrders";

/** The open orders a state records (none when absent or unreadable: the journal still has them). @internal */
export function openOrdersOf(props: Record<string, unknown>): OpenOrder[] {
  const parsed = z.array(openOrderSchema).safeParse(props[OPEN_ORDERS]);
  return parsed.success ? parsed.data : [];
}

/** An order was placed and is not delivered yet; the state must keep it (see {@link OPEN_ORDERS}). */
export class OpenOrderError extends ProviderError {
  override readonly name = "OpenOrderError";
  constructor(
    readonly order: OpenOrder,
    cause: unknown,
  ) {
    super(
      `${order.kind === "renew" ? "the renewal" : "the upgrade"} of ${order.instanceId} (deal ${order.dealId}) ` +
        `was placed but is not delivered yet (${cause instanceof Error ? cause.message : String(cause)}); ` +
        "the next `pulumi up` waits for this deal and does not order again",
      { cause, action: order.kind === "renew" ? "RenewRedis" : "UpgradeRedis", retryable: true },
    );
  }
}

/** The provider cannot tell whether an order it sent was placed: it stops rather than risk buying twice. */
export class UnknownOrderError extends ProviderError {
  override readonly name = "UnknownOrderError";
}

function journalFile(rec: OrderRecord): string {
  return `the order journal record ${rec.key} (folder: stack config tencentcloud-redis:journalDir)`;
}

/** Polls the instance until `done` holds for it, bounded by the wait timeout; the view when it does. */
async function effectSeen(
  ctx: OrderContext,
  id: string,
  done: (r: RedisView) => boolean,
): Promise<RedisView | undefined> {
  const found = await pollFor(
    async () => {
      const r = await describeOne(ctx, id);
      return r && done(r) ? { value: r } : undefined;
    },
    { everyMs: 2000, deadlineMs: ctx.waitDeadline() },
  );
  return found?.value;
}

const renewed = (rec: OrderRecord) => (r: RedisView) =>
  (parseCrsTime(r.deadlineTime) ?? 0) > (rec.deadlineBefore ?? Number.POSITIVE_INFINITY);
const upgraded = (rec: OrderRecord) => (r: RedisView) =>
  typeof r.size === "number" && r.size >= (rec.memSize ?? Number.POSITIVE_INFINITY);

/**
 * Sends an order journaled in `rec`. A lost answer (the order may exist) is resolved by watching for its effect;
 * when the effect never shows, the journal record stays and the call stops: the next run looks again.
 */
async function place(
  ctx: OrderContext,
  rec: OrderRecord,
  send: () => Promise<{ dealId: string }>,
  effect: (r: RedisView) => boolean,
): Promise<{ dealId?: string }> {
  writeOrder(rec);
  try {
    const { dealId } = await send();
    writeOrder({ ...rec, dealId });
    return { dealId };
  } catch (err) {
    if (!(err instanceof api.AmbiguousPurchaseError)) {
      clearOrder(rec.key); // a definite refusal: nothing was ordered
      throw err;
    }
    ctx.log(`the answer to the ${rec.kind} order of ${rec.instanceId} was lost; watching for its effect instead`);
    if (await effectSeen(ctx, rec.instanceId, effect)) {
      clearOrder(rec.key);
      return {};
    }
    throw new UnknownOrderError(
      `the ${rec.kind} order of ${rec.instanceId} may have been placed (its answer was lost: ${err.message}) and ` +
        `its effect has not shown within ${ctx.waitTimeoutSeconds} s. Nothing is ordered again while ` +
        `${journalFile(rec)} exists; the next \`pulumi up\` looks again.`,
      { cause: err },
    );
  }
}

/** Waits for a placed order; a failed wait becomes an {@link OpenOrderError} the state keeps. */
async function deliver(ctx: OrderContext, order: OpenOrder, what: string, resumed = false): Promise<void> {
  try {
    await waitDeal(ctx, order.dealId, { kind: order.kind, what, resumed });
  } catch (err) {
    throw new OpenOrderError(order, err);
  }
  clearOrder(keyFor(ctx, order.instanceId, order.kind));
}

/**
 * Finishes what earlier runs ordered for this instance: the open orders in the state and in the journal. Call it
 * before deciding on new orders: renewals are then counted from the deadline the open ones reached.
 * @returns whether there was anything to finish (the instance may have changed since it was last read)
 * @internal
 */
export async function resumeOrders(
  ctx: OrderContext,
  instanceId: string,
  olds: Record<string, unknown>,
): Promise<boolean> {
  const seen = new Set<string>();
  let resumed = false;
  for (const order of openOrdersOf(olds)) {
    if (order.instanceId !== instanceId) continue;
    ctx.log(`waiting for ${order.kind} deal ${order.dealId} of ${instanceId}, placed by an earlier run`);
    await deliver(ctx, order, `resume ${order.kind} of ${instanceId}`, true);
    seen.add(order.kind);
    resumed = true;
  }
  for (const kind of ["renew", "upgrade"] as const) {
    const rec = readOrder(keyFor(ctx, instanceId, kind));
    if (!rec || rec.instanceId !== instanceId) continue;
    resumed = true;
    if (rec.dealId) {
      if (!seen.has(kind)) await deliver(ctx, { kind, dealId: rec.dealId, instanceId }, `resume ${kind}`, true);
      clearOrder(rec.key);
      continue;
    }
    // Sent, never answered: the order exists only if its effect shows.
    const found = await effectSeen(ctx, instanceId, kind === "renew" ? renewed(rec) : upgraded(rec));
    if (!found) {
      throw new UnknownOrderError(
        `an earlier run sent a ${kind} order for ${instanceId} at ${new Date(rec.startedAt).toISOString()} and ` +
          "never saw its answer; its effect has not shown. If the console lists no such order, delete " +
          `${journalFile(rec)} and run \`pulumi up\` again; nothing is ordered while it exists.`,
      );
    }
    clearOrder(rec.key);
  }
  return resumed;
}

/**
 * Renews by whole months until the deadline reaches `paidThrough`; nothing when it already does.
 * @internal
 */
export async function renewUntil(ctx: OrderContext, r: RedisView, paidThrough: string): Promise<RedisView> {
  const target = parsePaidThrough(paidThrough);
  let view = r;
  for (;;) {
    const deadline = parseCrsTime(view.deadlineTime);
    if (target === undefined || deadline === undefined) return view;
    const months = monthsToRenew(deadline, target);
    if (months === 0) return view;
    // RenewRedis takes a documented period (1-12, 24, 36): renew in the largest allowed pieces.
    const period = renewalPeriod(months);
    const [zoneId, typeId, memSize] = [view.zoneId ?? -1, view.typeId ?? -1, view.size ?? -1];
    await guardOrder(ctx, { kind: "renew", zoneId, typeId, memSize, months: period });
    ctx.log(`renewing ${view.redisId} by ${period} month(s) so it is paid through ${paidThrough}`);
    const rec: OrderRecord = {
      kind: "renew",
      key: keyFor(ctx, view.redisId, "renew"),
      instanceId: view.redisId,
      startedAt: processClock().now(),
      deadlineBefore: deadline,
      months: period,
    };
    const id = view.redisId;
    const { dealId } = await place(ctx, rec, () => api.renewRedis(ctx.client, { redisId: id, period }), renewed(rec));
    if (dealId) await deliver(ctx, { kind: "renew", dealId, instanceId: id }, `renew ${id}`);
    view = (await describeOne(ctx, id)) ?? view;
    if ((parseCrsTime(view.deadlineTime) ?? 0) <= deadline) {
      throw new ProviderError(
        `renewal deal ${dealId ?? "(answer lost)"} of ${id} was delivered but the deadline did not move`,
      );
    }
  }
}

/**
 * Grows an instance to `memSize` MB (UpgradeRedis), unless an earlier run already did.
 * @internal
 */
export async function upgradeTo(ctx: OrderContext, r: RedisView, memSize: number): Promise<RedisView> {
  const id = r.redisId;
  if (typeof r.size === "number" && r.size >= memSize) {
    ctx.log(`${id} already has ${r.size} MB (an earlier upgrade); not upgrading again`);
    return r;
  }
  await guardOrder(ctx, { kind: "upgrade", redisId: id, fromMemSize: r.size ?? 0, memSize });
  ctx.log(`upgrading ${id} from ${r.size} to ${memSize} MB`);
  const rec: OrderRecord = {
    kind: "upgrade",
    key: keyFor(ctx, id, "upgrade"),
    instanceId: id,
    startedAt: processClock().now(),
    memSizeBefore: r.size,
    memSize,
  };
  const { dealId } = await place(ctx, rec, () => api.upgradeRedis(ctx.client, { redisId: id, memSize }), upgraded(rec));
  if (dealId) await deliver(ctx, { kind: "upgrade", dealId, instanceId: id }, `upgrade ${id}`);
  return waitRunning(ctx, id, "upgrade");
}
