/**
 * The wait layer's one seam for time: every wait, poller, coalescer and progress line of provider/wait reads the
 * time and sleeps (or arms a timer) through a {@link Clock}, so tests drive them with fake timers or a virtual clock.
 */

/** Time source and sleep, injected so tests can drive the poller with fake timers or a virtual clock. */
export interface Clock {
  /** Current epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or early (resolving, not rejecting) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A clock that also calls back: the coalescers re-arm their windows, which a cancellable timer expresses best. */
export interface TimerClock extends Clock {
  /**
   * Calls `fn` after `ms`.
   * @returns cancels the call if it has not happened yet
   */
  after(ms: number, fn: () => void): () => void;
  /** Calls `fn` once the I/O that is queued now has been handled (after a timer: lets that I/O in first). */
  afterIo(fn: () => void): void;
}

/**
 * The real clock. Built on call, not at module load (dynamic providers serialize module scope), and reads the global
 * `setTimeout`/`Date` at call time so vitest fake timers apply.
 */
export function systemClock(): TimerClock {
  return {
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) {
          resolve();
          return;
        }
        const onAbort = (): void => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(
          () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
          Math.max(0, ms),
        );
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
    after: (ms, fn) => {
      const timer = setTimeout(fn, Math.max(0, ms));
      return () => clearTimeout(timer);
    },
    afterIo: (fn) => {
      setImmediate(fn);
    },
  };
}
