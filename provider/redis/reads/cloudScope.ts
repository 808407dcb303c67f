import type { CallContext } from "../../runtime/context";
import { pollerKey } from "../../wait";

/* What the process-wide pollers and coalescers are keyed by. */

/** The process-wide key of a poller or coalescer for this endpoint, account and region. @internal */
export function key(ctx: CallContext, kind: string): string {
  return pollerKey(kind, ctx.settings.endpoints.crs2017, ctx.settings.credentials.secretId, ctx.settings.region);
}
