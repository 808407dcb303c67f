import * as api from "../../api";
import { processClock } from "../../clock";
import { keysWhere } from "../../model/derive";
import type { InputField } from "../../model/field";
import { type CallContext, callContextOrReason, userLine } from "../../runtime/context";
import { isUnknown } from "../../runtime/unknown";
import { pollerKey, processShared } from "../../wait/registry";
import { num, PENDING_DEAL_PREFIX, type Props, resourceName, str } from "../reads/props";
import { parseCrsTime } from "../reads/time";
import { parsePaidThrough } from "../rules/instanceInputs";
import { instanceModel } from "../rules/instanceModel";
import { addMonthsUtc, monthsToRenew, renewalPeriod } from "../rules/plan";

/**
 * Prices in the plan: which orders a change would place, what the API quotes for each (asked once per distinct order
 * per provider process), and the lines `pulumi preview` / `up` print. The budget guard is in budget.ts.
 */

/** One order a change would place: what InquiryRedisPrice or UpgradeRedisInquiryPrice is asked about. @internal */
export type Order =
  | { kind: "buy" | "renew"; zoneId: number; typeId: number; memSize: number; months: number }
  | { kind: "upgrade"; redisId: string; fromMemSize: number; memSize: number };

/** The orders of a change, or why they cannot be told before `up`. @internal */
export interface PlannedOrders {
  orders: Order[];
  /** Set when some order's shape depends on what only `up` knows (an unknown input, an instance not yet read). */
  unknown?: string;
}

const CST_MS = 8 * 3600_000;

/** API prices are in 0.01 CNY; users read yuan with two decimals: 16000 → `¥160.00`. @internal */
export function formatYuan(cents: number): string {
  return `¥${(cents / 100).toFixed(2)}`;
}

/** How an order reads in a line: `buy 2 months`, `renew 3 months`, `upgrade 1024 → 2048 MB`. @internal */
export function describeOrder(o: Order): string {
  if (o.kind === "upgrade") return `upgrade ${o.fromMemSize} → ${o.memSize} MB`;
  return `${o.kind} ${o.months} month${o.months === 1 ? "" : "s"}`;
}

/**
 * The RenewRedis periods that take a deadline to `paidThroughMs`, as renewUntil places them (largest documented
 * pieces first, each counted from the deadline the previous one reached).
 * @internal
 */
export function renewalPieces(deadlineMs: number, paidThroughMs: number): number[] {
  const pieces: number[] = [];
  let deadline = deadlineMs;
  // paidThrough is at most 36 months away (check), so this ends after a few pieces; the bound is only a backstop.
  for (let i = 0; i < 40; i++) {
    const months = monthsToRenew(deadline, paidThroughMs);
    if (months === 0) break;
    const period = renewalPeriod(months);
    pieces.push(period);
    deadline = addMonthsUtc(new Date(deadline + CST_MS), period).getTime() - CST_MS;
  }
  return pieces;
}

/** The CreateRedis of these inputs, as InquiryRedisPrice is asked about it. @internal */
export function buyOrderOf(inputs: Props): Order {
  const n = (v: unknown) => num(v) ?? -1;
  return {
    kind: "buy",
    zoneId: n(inputs.zoneId),
    typeId: n(inputs.typeId),
    memSize: n(inputs.memSize),
    months: n(inputs.period ?? 1),
  };
}

const unknownKey = (props: Props, keys: readonly string[]) => keys.find((k) => isUnknown(props[k]));

/** The inputs that decide what a create orders, and those whose change orders in place (see the model's `priced`). */
const CREATE_PRICED = keysWhere<InputField>(instanceModel.inputs, (f) => f.priced === true);
const UPDATE_PRICED = keysWhere<InputField>(instanceModel.inputs, (f) => f.priced === true && f.on === "update");

/**
 * What creating an instance with these inputs buys: `period` months, then the renewals that `paidThrough` needs
 * right after delivery (the deadline is then about `period` months from now).
 * @internal
 */
export function ordersOfCreate(inputs: Props, now = processClock().now()): PlannedOrders {
  const missing = unknownKey(inputs, CREATE_PRICED);
  if (missing) return { orders: [], unknown: `${missing} is not known before up` };
  const zoneId = num(inputs.zoneId);
  const typeId = num(inputs.typeId);
  const memSize = num(inputs.memSize);
  const period = num(inputs.period) ?? 1;
  if (zoneId === undefined || typeId === undefined || memSize === undefined) return { orders: [] };
  const paidThrough = parsePaidThrough(str(inputs.paidThrough) ?? "");
  if (str(inputs.adoptInstanceId)) {
    // Adoption buys nothing; its renewals count from the adopted instance's deadline, read at up.
    const unknown = "the renewals of an adopted instance count from its deadline";
    return paidThrough === undefined ? { orders: [] } : { orders: [], unknown };
  }
  const shape = { zoneId, typeId, memSize };
  const orders: Order[] = [buyOrderOf(inputs)];
  if (paidThrough !== undefined) {
    const delivered = addMonthsUtc(new Date(now + CST_MS), period).getTime() - CST_MS;
    for (const months of renewalPieces(delivered, paidThrough)) orders.push({ kind: "renew", ...shape, months });
  }
  return { orders };
}

/**
 * What an in-place update orders, in the order update runs its steps: the upgrade (old → new memSize), then the
 * renewals that take the deadline in the state to `paidThrough` (of the new size).
 * @internal
 */
export function ordersOfUpdate(olds: Props, news: Props): PlannedOrders {
  const missing = unknownKey(news, UPDATE_PRICED);
  if (missing) return { orders: [], unknown: `${missing} is not known before up` };
  const orders: Order[] = [];
  let unknown: string | undefined;
  const oldMem = num(olds.memSize);
  const newMem = num(news.memSize);
  const redisId = str(olds.instanceId);
  if (oldMem !== undefined && newMem !== undefined && newMem > oldMem) {
    if (redisId && !redisId.startsWith(PENDING_DEAL_PREFIX)) {
      orders.push({ kind: "upgrade", redisId, fromMemSize: oldMem, memSize: newMem });
    } else unknown = "the instance of an unfinished create";
  }
  const paidThrough = parsePaidThrough(str(news.paidThrough) ?? "");
  const zoneId = num(news.zoneId);
  const typeId = num(news.typeId);
  if (paidThrough !== undefined && zoneId !== undefined && typeId !== undefined && newMem !== undefined) {
    const deadline = parseCrsTime(str(olds.deadline));
    if (deadline === undefined) unknown ??= "the deadline of an instance not read yet";
    else {
      for (const months of renewalPieces(deadline, paidThrough)) {
        orders.push({ kind: "renew", zoneId, typeId, memSize: newMem, months });
      }
    }
  }
  return unknown === undefined ? { orders } : { orders, unknown };
}

/** A price, or why there is none. @internal */
export type Quote = { price: number } | { unknown: string };

/** The question an order asks the API: its action, the cache's key for it, and how to ask. */
function inquiryOf(o: Order): { action: string; key: string; ask(client: api.CrsClient): Promise<api.PriceResult> } {
  if (o.kind === "upgrade") {
    const params = { redisId: o.redisId, memSize: o.memSize };
    const action = "UpgradeRedisInquiryPrice";
    return { action, key: JSON.stringify([action, params]), ask: (c) => api.upgradeRedisInquiryPrice(c, params) };
  }
  const params = { zoneId: o.zoneId, typeId: o.typeId, memSize: o.memSize, goodsNum: 1, period: o.months };
  const action = "InquiryRedisPrice";
  return { action, key: JSON.stringify([action, params]), ask: (c) => api.inquiryRedisPrice(c, params) };
}

/**
 * The price of an order, asked once per distinct order per process and account: the plan of many resources, and the
 * guard at `up` right after the same process priced the plan, reuse the answer. A failed question is not kept.
 * @param ctx - the call's context; without one, one is made now (no credentials: the quote says so)
 * @internal
 */
export async function quote(ctx: CallContext | undefined, o: Order): Promise<Quote> {
  const c = ctx ?? callContextOrReason();
  if (typeof c === "string") return { unknown: c };
  const { endpoints, region, credentials } = c.settings;
  const cache = processShared(`order-prices/${pollerKey(endpoints.crs2017, credentials.secretId, region)}`, () => {
    return new Map<string, Promise<number>>();
  });
  const q = inquiryOf(o);
  let asked = cache.get(q.key);
  if (!asked) {
    asked = q.ask(c.client).then((r) => r.price);
    cache.set(q.key, asked);
    asked.catch(() => cache.delete(q.key));
  }
  try {
    return { price: await asked };
  } catch (err) {
    return { unknown: `${q.action} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The orders this process has printed, for the running total of the plan. */
interface PlanBook {
  printed: Set<string>;
  total: number;
  priced: number;
  unpriced: number;
}

function book(): PlanBook {
  return processShared("plan-prices", (): PlanBook => ({ printed: new Set(), total: 0, priced: 0, unpriced: 0 }));
}

function totalLine(b: PlanBook): string {
  const orders = `${b.priced} order${b.priced === 1 ? "" : "s"}`;
  return `plan total so far: ${formatYuan(b.total)} for ${orders}${b.unpriced > 0 ? `, ${b.unpriced} more of unknown price` : ""}`;
}

/**
 * The resource's name, from its purchase key `<project>/<stack>/<name>` (check and diff are not told the URN).
 * @internal
 */
export function resourceNameOf(props: Props): string {
  return resourceName(props) ?? "(instance)";
}

/**
 * Prints one line per order of a resource's planned change, with its price and the running total of the plan. An
 * order already printed for this resource in this process (the engine may check a resource twice) is not counted
 * again. Returns each order with its quote, for the guard.
 * @internal
 */
export async function printPrices(resource: string, planned: PlannedOrders): Promise<[Order, Quote][]> {
  const ctx = planned.orders.length > 0 ? callContextOrReason() : undefined;
  const quoted: [Order, Quote][] = [];
  for (const o of planned.orders) {
    const q: Quote = typeof ctx === "string" ? { unknown: ctx } : await quote(ctx, o);
    quoted.push([o, q]);
    const b = book();
    const key = `${resource}\0${JSON.stringify(o)}`;
    if (b.printed.has(key)) continue;
    b.printed.add(key);
    if ("price" in q) {
      b.total += q.price;
      b.priced++;
    } else b.unpriced++;
    const price = "price" in q ? formatYuan(q.price) : `price unknown (${q.unknown})`;
    userLine(`price: ${describeOrder(o)}: ${price}; ${totalLine(b)}`, resource);
  }
  if (planned.unknown) {
    const key = `${resource}\0unknown\0${planned.unknown}`;
    const b = book();
    if (!b.printed.has(key)) {
      b.printed.add(key);
      userLine(`price unknown (${planned.unknown}); the orders are priced at up`, resource);
    }
  }
  return quoted;
}
