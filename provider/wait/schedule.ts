/** When to poll next. Pure apart from the jitter source, so tests can pin it. */
export interface PollSchedule {
  /**
   * Delay before the next poll.
   * @param attempt - polls already made for this waiter (0 before the first poll)
   * @param elapsedMs - milliseconds since the waiter started
   * @returns milliseconds to wait; the poller never sleeps past a waiter's deadline whatever this says
   */
  delayMs(attempt: number, elapsedMs: number): number;
}

/** Options of {@link adaptiveSchedule}. */
export interface AdaptiveScheduleOptions {
  /** Delay before the first poll (default 250 ms): most short operations are done within a second. */
  firstMs?: number;
  /** Growth per poll (default 1.5). */
  factor?: number;
  /** Largest delay (default 1000 ms): one batched call per second per process is cheap. */
  capMs?: number;
  /** Fraction taken off at random (default 0.2), so processes started together do not poll in lockstep. */
  jitter?: number;
  /** Random source in [0, 1) (default Math.random). */
  random?: () => number;
}

/**
 * Default schedule: first poll after ~200-250 ms, then ×1.5 per poll up to `capMs`. Jitter only shortens a delay,
 * so the cap is a hard bound on how late a finished operation is noticed.
 * @param opts - see {@link AdaptiveScheduleOptions}
 */
export function adaptiveSchedule(opts: AdaptiveScheduleOptions = {}): PollSchedule {
  const firstMs = opts.firstMs ?? 250;
  const factor = opts.factor ?? 1.5;
  const capMs = opts.capMs ?? 1000;
  const jitter = opts.jitter ?? 0.2;
  const random = opts.random ?? Math.random;
  return {
    delayMs(attempt) {
      const base = Math.min(capMs, firstMs * factor ** attempt);
      return base * (1 - jitter * random());
    },
  };
}

/** Options of {@link anchorSchedule}. */
export interface AnchorScheduleOptions {
  /** First delay (default 1000 ms). */
  firstMs?: number;
  /** Largest delay (default 10 000 ms). */
  capMs?: number;
}

/**
 * The old way, kept for benchmarks: 1 s, 2 s, 4 s, 8 s, then every 10 s, no jitter. A deal done after 9 s is noticed
 * at 15 s.
 * @param opts - see {@link AnchorScheduleOptions}
 */
export function anchorSchedule(opts: AnchorScheduleOptions = {}): PollSchedule {
  const firstMs = opts.firstMs ?? 1000;
  const capMs = opts.capMs ?? 10_000;
  return { delayMs: (attempt) => Math.min(capMs, firstMs * 2 ** attempt) };
}

/**
 * The same schedule with its first poll at once, for a wait whose goal is most likely reached already (an instance
 * right after its deal was delivered): waiting 250 ms first would only add 250 ms to every create.
 * @param schedule - the schedule for the polls after the first
 */
export function firstPollNow(schedule: PollSchedule): PollSchedule {
  return { delayMs: (attempt, elapsedMs) => (attempt === 0 ? 0 : schedule.delayMs(attempt - 1, elapsedMs)) };
}
