/* The instances that existed before a purchase: one listing shared by the creates that start together. */

import { processClock } from "../../clock";
import type { CallContext } from "../../runtime/context";
import { processShared } from "../../wait";
import { waitStrategy } from "../../wait/strategy";
import { key } from "../reads/cloudScope";
import { describeAll, type RedisView } from "../reads/instanceReads";

/** How old a finished listing may be and still serve creates as their "before the purchase" snapshot. */
const PURCHASE_SNAPSHOT_MAX_AGE_MS = 10_000;

/** @internal The process's latest listing for purchases: in flight, or finished at `endedAt`. */
interface PurchaseSnapshot {
  instances: Promise<RedisView[]>;
  endedAt: number | undefined;
}

/**
 * The instances that existed before a purchase this process is about to send (the journal's `knownIds`, and the
 * listing the fresh-runner fail-safe looks at).
 *
 * Any listing whose answer arrived before CreateRedis is sent lists only instances that existed before the purchase,
 * so creates that start together share one listing: a create joins a listing in flight, or takes one that finished
 * less than 10 s ago, instead of each waiting for a fresh one (50 creates no longer queue behind a listing round
 * trip). Instances that appear between that listing and the purchase are not excluded by it: if the answer to
 * CreateRedis is lost they stay candidates, filtered by shape and time, and more than one candidate is refused.
 * @internal
 */
export async function instancesBeforePurchase(ctx: CallContext): Promise<RedisView[]> {
  const list = (): Promise<RedisView[]> => describeAll(ctx);
  if (!waitStrategy().sharesReads) return list();
  const slot = processShared(key(ctx, "purchase-snapshot"), () => ({
    current: undefined as PurchaseSnapshot | undefined,
  }));
  const cur = slot.current;
  if (cur && (cur.endedAt === undefined || processClock().now() - cur.endedAt <= PURCHASE_SNAPSHOT_MAX_AGE_MS)) {
    // A failed shared listing is not reused: this create lists on its own.
    return cur.instances.catch(list);
  }
  const next: PurchaseSnapshot = { instances: list(), endedAt: undefined };
  slot.current = next;
  next.instances.then(
    () => {
      next.endedAt = processClock().now();
    },
    () => {
      if (slot.current === next) slot.current = undefined;
    },
  );
  return next.instances;
}
