import type { TimerClock } from "../../provider/clock";

/** A virtual clock for tests: sleeping (or arming a timer) moves time on at once, and each sleep is recorded. */
export function virtualClock(start = 0): TimerClock & { slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    after: (ms, fn) => {
      const timer = setTimeout(fn, 0);
      t += ms;
      return () => clearTimeout(timer);
    },
    afterIo: (fn) => setImmediate(fn),
  };
}
