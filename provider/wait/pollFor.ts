import { type Clock, processClock } from "../clock";

/** What a probe of {@link pollFor} found: a value ends the polling; undefined means "look again". */
export type Probe<T> = () => Promise<{ value: T } | undefined>;

/**
 * Looks for something that has no poller of its own (an effect of an order whose answer was lost, a task in the
 * task list, a backup's export state): calls `probe` every `everyMs` until it settles, and gives up with undefined
 * once `deadlineMs` has passed after a probe. The last sleep is cut to the deadline. Sleeps on the clock seam, so
 * tests with fake timers drive it as they drive the pollers.
 * @internal
 */
export async function pollFor<T>(
  probe: Probe<T>,
  opts: { everyMs: number; deadlineMs: number; clock?: Clock },
): Promise<{ value: T } | undefined> {
  const clock = opts.clock ?? processClock();
  for (;;) {
    const found = await probe();
    if (found) return found;
    const left = opts.deadlineMs - clock.now();
    if (left <= 0) return undefined;
    await clock.sleep(Math.min(opts.everyMs, left));
  }
}
