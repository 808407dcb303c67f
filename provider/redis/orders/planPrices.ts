import { userLine } from "../../runtime/context";
import { type Props, str } from "../reads/props";
import { diffInstance } from "../rules/plan";
import { orderLimitOf, refuseOverBudget } from "./budget";
import { ordersOfCreate, ordersOfUpdate, type PlannedOrders, printPrices, resourceNameOf } from "./pricing";
import { journalOf } from "./purchase";

/**
 * The hooks that put prices into `pulumi preview` (and the preview pass of `up`). The engine calls only check (for
 * every resource) and diff (for those in the state) during a preview, so a new instance is priced in check and a
 * changed one in diff. Each prints its orders and refuses one above the budget; both only read.
 */

async function priceAndGuard(inputs: Props, planned: PlannedOrders): Promise<void> {
  const resource = resourceNameOf(inputs);
  const limit = orderLimitOf(inputs);
  refuseOverBudget(resource, await printPrices(resource, planned), limit);
}

/**
 * Prices the purchase of a new instance (its checked inputs): run by the Instance's check when the resource is new.
 * @internal
 */
export async function priceNew(inputs: Props): Promise<void> {
  // An earlier run of this resource placed its order (the journal has its deal or instance): `up` resumes that order
  // and adopts what it bought, so the plan buys nothing and must not show a price.
  const earlier = journalOf(str(inputs.__purchaseKey) ?? "");
  if (earlier?.dealId !== undefined || earlier?.instanceId !== undefined) {
    const what = earlier.instanceId ?? `deal ${earlier.dealId}`;
    userLine(`an earlier run's create order (${what}) is resumed: nothing new is bought`, resourceNameOf(inputs));
    return;
  }
  await priceAndGuard(inputs, ordersOfCreate(inputs));
}

/**
 * Prices a planned change of an instance in the state: a replacement buys a new one, an update may upgrade and renew.
 * Runs in diff (as a verifyChange part), after the change is known to do something.
 * @internal
 */
export async function priceChange(olds: Props, news: Props): Promise<void> {
  const replacing = (diffInstance(olds, news).replaces ?? []).length > 0;
  await priceAndGuard(news, replacing ? ordersOfCreate(news) : ordersOfUpdate(olds, news));
}
