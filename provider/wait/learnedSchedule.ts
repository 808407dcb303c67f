import type { PollSchedule } from "./schedule";

/**
 * Where past waits of one kind finished, in milliseconds since their wait started: every one of them was still
 * pending at some point ≥ `earliestMs` and was seen done by `latestMs`. Built by {@link estimateFromSamples}.
 */
export interface WaitEstimate {
  /** Start of the window in which completion is expected. */
  earliestMs: number;
  /** End of that window. */
  latestMs: number;
}

/** Options of {@link learnedSchedule}. */
export interface LearnedScheduleOptions {
  /** Delay before the first poll (default 250 ms), so an unusually fast completion is still seen early. */
  firstMs?: number;
  /** Growth of the sparse polls before the window: each waits `(growth - 1) × elapsed` (default 3). */
  growth?: number;
  /** Smallest spacing of polls inside the window (default 250 ms). */
  minStepMs?: number;
  /** Largest spacing inside the window, and the spacing once the wait has run past it (default 1000 ms). */
  capMs?: number;
  /** Polls to spend across the window (default 6): the spacing is `window / densePolls`, within the bounds above. */
  densePolls?: number;
  /** Fraction taken off at random (default 0.2); jitter only shortens a delay. */
  jitter?: number;
  /** Random source in [0, 1) (default Math.random). */
  random?: () => number;
}

/**
 * A schedule for a wait whose duration was learnt from earlier waits of the same kind: sparse, geometrically growing
 * polls until shortly before the expected window (250 ms, then 3× the elapsed time: a wait that ends far earlier
 * than usual is still seen within 3× its duration), dense polls through the window, then the adaptive cap once it has
 * run past the window. For a 60 s deal with a 1 s window this is 5 sparse and 3-5 dense polls.
 * @param estimate - the completion window, from {@link estimateFromSamples}
 * @param opts - see {@link LearnedScheduleOptions}
 */
export function learnedSchedule(estimate: WaitEstimate, opts: LearnedScheduleOptions = {}): PollSchedule {
  const firstMs = opts.firstMs ?? 250;
  const growth = opts.growth ?? 3;
  const minStepMs = opts.minStepMs ?? 250;
  const capMs = opts.capMs ?? 1000;
  const densePolls = Math.max(1, opts.densePolls ?? 6);
  const jitter = opts.jitter ?? 0.2;
  const random = opts.random ?? Math.random;
  const earliest = Math.max(0, estimate.earliestMs);
  const latest = Math.max(earliest, estimate.latestMs);
  const step = Math.min(capMs, Math.max(minStepMs, (latest - earliest) / densePolls));
  // Past waits were all still pending at `earliest`, so a poll there would be wasted: the first dense poll is one
  // step into the window, the last one step past it.
  const firstDense = earliest + step;
  const denseEnd = latest + step;
  const shorten = (ms: number): number => ms * (1 - jitter * random());
  return {
    delayMs(attempt, elapsedMs) {
      if (elapsedMs < earliest) {
        const gap = firstDense - elapsedMs;
        const sparse = attempt === 0 ? firstMs : Math.max(firstMs, elapsedMs * (growth - 1));
        // Land exactly on the first dense poll rather than leave a sliver shorter than a step before it.
        if (sparse >= gap - step) return gap;
        return shorten(sparse);
      }
      if (elapsedMs < denseEnd) return shorten(step);
      return shorten(capMs);
    },
  };
}

/** One completed wait: still pending at `lastPendingMs`, seen done at `doneMs` (ms since the wait started). */
export interface WaitSample {
  lastPendingMs: number;
  doneMs: number;
}

/**
 * The completion window of a kind of wait from its recent samples. When every sample agrees (each one's
 * `(lastPendingMs, doneMs]` interval overlaps all the others) the durations look constant and the window is their
 * intersection, which narrows with every wait; otherwise durations vary and the window spans them all.
 * @param samples - recent completed waits (newest last); none gives `undefined` (cold start)
 */
export function estimateFromSamples(samples: readonly WaitSample[]): WaitEstimate | undefined {
  const valid = samples.filter(
    (s) =>
      Number.isFinite(s.lastPendingMs) &&
      Number.isFinite(s.doneMs) &&
      s.lastPendingMs >= 0 &&
      s.doneMs >= s.lastPendingMs,
  );
  if (valid.length === 0) return undefined;
  const maxPending = Math.max(...valid.map((s) => s.lastPendingMs));
  const minDone = Math.min(...valid.map((s) => s.doneMs));
  if (maxPending < minDone) return { earliestMs: maxPending, latestMs: minDone };
  return {
    earliestMs: Math.min(...valid.map((s) => s.lastPendingMs)),
    latestMs: Math.max(...valid.map((s) => s.doneMs)),
  };
}

/** Where a {@link learningSchedule} reads what has been learnt so far. */
export interface EstimateSource {
  /** The current estimate of the kind, or `undefined` while nothing is known. */
  estimate(): WaitEstimate | undefined;
  /** Changes whenever a wait of any kind records a sample (cheap to call on every poll). */
  version(): number;
}

/**
 * A schedule that follows what is learnt while it runs: the adaptive fallback while nothing is known, the learned
 * schedule as soon as an estimate exists, re-read whenever a sample is recorded. So the waits of one burst that all
 * started cold (50 creates in one `pulumi up`) switch to dense polling around their own expected end as soon as the
 * first of them is delivered, instead of polling at the cold cap until the last one is seen.
 * @param source - the estimate and its version
 * @param fallback - the schedule with no history (the adaptive one)
 * @param opts - options of the learned schedule
 */
export function learningSchedule(
  source: EstimateSource,
  fallback: PollSchedule,
  opts: LearnedScheduleOptions = {},
): PollSchedule {
  let seen: number | undefined;
  let current: PollSchedule = fallback;
  return {
    delayMs(attempt, elapsedMs) {
      const version = source.version();
      if (version !== seen) {
        seen = version;
        const estimate = source.estimate();
        current = estimate === undefined ? fallback : learnedSchedule(estimate, opts);
      }
      return current.delayMs(attempt, elapsedMs);
    },
  };
}
