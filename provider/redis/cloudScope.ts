import type { CallContext } from "../runtime/context";
import { pollerKey } from "../wait";

/* What the process-wide pollers and coalescers are keyed by, and which poller a benchmark asked for. */

/**
 * Which poller the waits use, read from `TENCENTCLOUD_REDIS_POLLER` when each wait or read starts (never captured):
 * `anchor` is a benchmark-only baseline that behaves like the common approach (1, 2, 4, 8 then every 10 s, one call
 * per resource per poll, no batching, no read coalescing); anything else is the project's poller.
 * @internal
 */
export type PollerMode = "adaptive" | "anchor";

/** @internal */
export function pollerMode(): PollerMode {
  return process.env.TENCENTCLOUD_REDIS_POLLER === "anchor" ? "anchor" : "adaptive";
}

/** The process-wide key of a poller or coalescer for this endpoint, account and region. @internal */
export function key(ctx: CallContext, kind: string): string {
  return pollerKey(kind, ctx.settings.endpoints.crs2017, ctx.settings.credentials.secretId, ctx.settings.region);
}
