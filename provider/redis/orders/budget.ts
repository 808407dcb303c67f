import { ConfigError, ProviderError } from "../../errors";
import type { CallContext } from "../../runtime/context";
import { stackConfig } from "../../runtime/stackConfig";
import { num, type Props } from "../reads/props";
import { describeOrder, formatYuan, type Order, type Quote, quote, resourceNameOf } from "./pricing";

/**
 * The budget guard: an order whose price is above `maxOrderPrice` (the resource's input, else stack config
 * `tencentcloud-redis:maxOrderPrice`; yuan, per order) is refused before anything is written, at preview from the
 * quotes of the plan and at `up` again right before the order is sent.
 */

const CONFIG_KEY = "tencentcloud-redis:maxOrderPrice";

/** The limit per order and where it was set. Prices in 0.01 CNY, as the API gives them. @internal */
export interface OrderLimit {
  cents: number;
  source: string;
}

/**
 * The limit that applies to a resource, if any.
 * @throws ConfigError when the stack config is not a number of yuan (a guard that silently did nothing would spend)
 * @internal
 */
export function orderLimitOf(props: Props): OrderLimit | undefined {
  const own = num(props.maxOrderPrice);
  if (own !== undefined) return { cents: Math.round(own * 100), source: "the resource's maxOrderPrice" };
  const raw = stackConfig()[CONFIG_KEY];
  if (raw === undefined) return undefined;
  const yuan = Number(raw);
  if (!Number.isFinite(yuan) || yuan < 0 || raw.trim() === "") {
    throw new ConfigError(`stack config ${CONFIG_KEY} must be a price in yuan such as 100 or 99.50 (got "${raw}")`);
  }
  return { cents: Math.round(yuan * 100), source: `stack config ${CONFIG_KEY}` };
}

/** An order above the budget, or one whose price could not be asked while a budget applies: nothing was ordered. */
export class BudgetError extends ProviderError {
  override readonly name: string = "BudgetError";
  /** The order's price in 0.01 CNY; undefined when it could not be asked. */
  readonly price: number | undefined;
  /** The limit in 0.01 CNY. */
  readonly limit: number;

  /**
   * @param resource - the resource's name
   * @param order - the refused order
   * @param q - its quote
   * @param limit - the limit and where it was set
   */
  constructor(resource: string, order: Order, q: Quote, limit: OrderLimit) {
    const max = `maxOrderPrice ${formatYuan(limit.cents)} (${limit.source})`;
    super(
      "price" in q
        ? `order of "${resource}": ${describeOrder(order)} costs ${formatYuan(q.price)}, above ${max}; nothing was ordered`
        : `order of "${resource}": ${describeOrder(order)} has no price (${q.unknown}), so ${max} cannot be ` +
            "checked; nothing was ordered",
      {
        action: order.kind === "upgrade" ? "UpgradeRedis" : order.kind === "renew" ? "RenewRedis" : "CreateRedis",
        retryable: false,
        fault: "client",
      },
    );
    this.price = "price" in q ? q.price : undefined;
    this.limit = limit.cents;
  }
}

/**
 * At preview: refuses the first quoted order above the limit. An unknown price passes here (a preview without
 * credentials must still show the plan); `up` asks again before spending and refuses then.
 * @internal
 */
export function refuseOverBudget(resource: string, quoted: [Order, Quote][], limit: OrderLimit | undefined): void {
  if (!limit) return;
  for (const [o, q] of quoted) if ("price" in q && q.price > limit.cents) throw new BudgetError(resource, o, q, limit);
}

/** A call that may order: its context, the resource's purchase key and the limit that applies to it. @internal */
export type GuardedContext = CallContext & { purchaseKey: string; orderLimit?: OrderLimit };

/**
 * At `up`, right before an order is sent: its price (from the process's cache when the plan asked already) must be
 * known and within the limit. Without a limit nothing is asked.
 * @internal
 */
export async function guardOrder(ctx: GuardedContext, o: Order): Promise<void> {
  const limit = ctx.orderLimit;
  if (!limit) return;
  const q = await quote(ctx, o);
  if (!("price" in q) || q.price > limit.cents) {
    throw new BudgetError(resourceNameOf({ __purchaseKey: ctx.purchaseKey }), o, q, limit);
  }
}
