/* The user's lines of a wait: a still-waiting line at most every 30 s, and how long it took. */

import { processClock } from "../../clock";
import type { CallContext } from "../../runtime/context";
import type { WaitProgress } from "../../wait";

/** At most one "still waiting" line per wait in this time (issue 13: a few lines per resource). */
export const PROGRESS_EVERY_MS = 30_000;

/**
 * Logs "still waiting" lines at most every 30 s, so a long wait is visible in `pulumi up` without flooding it.
 * @internal
 */
export function progressLogger<S>(ctx: CallContext, what: string, show: (s: S) => string) {
  let last = processClock().now();
  return (p: WaitProgress<string, S>) => {
    const now = processClock().now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    const state = p.state === undefined ? "no answer yet" : show(p.state);
    ctx.log(
      `still waiting for ${what}: ${Math.round(p.elapsedMs / 1000)} s so far (at most ${ctx.waitTimeoutSeconds} s), ${state}`,
    );
  };
}

/** "2.4 s" since `started`, for the lines that end a wait. @internal */
export function secondsSince(started: number): string {
  return `${((processClock().now() - started) / 1000).toFixed(1)} s`;
}
