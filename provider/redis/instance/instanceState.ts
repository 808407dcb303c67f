/*
 * What an Instance's state holds and how a call on it starts: the outputs read from DescribeRedis, the keys of work
 * in flight, the call's context, and the ids a create that stopped early leaves behind.
 */

import * as api from "../../api";
import { ProviderError } from "../../errors";
import { outputKeys } from "../../model/derive";
import { callContext } from "../../runtime/context";
import { PartialError } from "../../runtime/partial";
import { dealStatusClass } from "../../wait/deals";
import { OPEN_ORDERS, OpenOrderError, type OrderContext, openOrdersOf } from "../orders/orders";
import { claimed } from "../orders/purchase";
import type { RedisView } from "../reads/instanceReads";
import { PENDING_DEAL_PREFIX, type Props, resourceName, str } from "../reads/props";
import { type WaitFor, waitDeal } from "../reads/waits";
import { type InstanceState, instanceModel, outputsFromCloud } from "../rules/instanceModel";
import { RESTORE_SENT, UnconfirmedRestoreError } from "./instanceRestore";

/** The outputs an instance adds to its inputs, read from DescribeRedis (instanceModel.ts outputsFromCloud). */
export function outputsOf(r: RedisView): Props {
  const out: Props = {};
  for (const [k, from] of Object.entries(outputsFromCloud)) out[k] = from(r);
  return out;
}

/** Keys that are outputs only (never inputs of the program). */
export const OUTPUT_KEYS: ReadonlySet<string> = new Set(outputKeys(instanceModel));

/** Internal state keys that describe work in flight; a finished call drops them. */
export const IN_FLIGHT_KEYS: ReadonlySet<string> = new Set(["__dealId", OPEN_ORDERS, "__restoreSent"]);

/** Inputs as recorded in the state: the user's, with what the cloud reports for the fields it owns. */
export function stateOf(inputs: Props, r: RedisView): Props {
  const kept: Props = {};
  for (const [k, v] of Object.entries(inputs)) if (!IN_FLIGHT_KEYS.has(k)) kept[k] = v;
  return { ...kept, ...outputsOf(r) };
}

/** The context of one call on an instance: the call's, plus the resource's journal key. */
export function orderContext(props: Props): OrderContext {
  return { ...callContext(props.waitTimeoutSeconds, resourceName(props)), purchaseKey: str(props.__purchaseKey) ?? "" };
}

/**
 * After the purchase, every failure keeps the instance in the state (id and what is known), so the next
 * `pulumi up` continues with `update` instead of buying again. An order left open goes with it.
 */
export function keepInState(err: unknown, id: string, props: Props): never {
  if (err instanceof OpenOrderError) {
    const open = openOrdersOf(props).filter((o) => o.dealId !== err.order.dealId);
    throw PartialError.wrap(err, id, { ...props, [OPEN_ORDERS]: [...open, err.order] });
  }
  if (err instanceof UnconfirmedRestoreError) throw PartialError.wrap(err, id, { ...props, [RESTORE_SENT]: err.sent });
  throw PartialError.wrap(err, id, props);
}

/** The instance of a create deal if it is delivered now (one look, no wait: refresh must not block on orders). */
export async function deliveredNow(ctx: OrderContext, dealId: string): Promise<string | undefined> {
  const { dealDetails } = await api.describeRedisDealDetail(ctx.client, { dealIds: [dealId] });
  const deal = dealDetails.find((d) => d.dealId === dealId);
  return deal && dealStatusClass(Number(deal.status)) === "success" ? deal.goodsDetail.redisIds[0] : undefined;
}

/** The instance a delivered create deal holds. */
export async function deliveredInstance(ctx: OrderContext, dealId: string, w: WaitFor<"create">): Promise<string> {
  const deal = await waitDeal(ctx, dealId, w);
  const first = deal.goodsDetail.redisIds[0];
  if (!first) throw new ProviderError(`deal ${dealId} was delivered without an instance id`);
  return first;
}

/**
 * The instance id of a state, resolving a create that stopped before its deal was delivered: the id is then
 * `pending-deal-<deal>` (an update cannot change a resource id; a refresh can, and does).
 */
export async function resolveId(ctx: OrderContext, id: string, props: InstanceState): Promise<string> {
  if (!id.startsWith(PENDING_DEAL_PREFIX)) return id;
  const known = props.instanceId;
  if (known && !known.startsWith(PENDING_DEAL_PREFIX)) return known;
  const dealId = str(props.__dealId) ?? id.slice(PENDING_DEAL_PREFIX.length);
  const instanceId = await deliveredInstance(ctx, dealId, { kind: "create", what: "resume create", resumed: true });
  claimed().add(instanceId);
  return instanceId;
}
