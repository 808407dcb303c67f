/**
 * The provider's one seam for time: every deadline, timestamp, sleep and timer of provider/ goes through the process's
 * {@link processClock} (or a {@link Clock} handed to a wait), so tests drive them with fake timers or a virtual clock.
 */

import { processScoped } from "./processState";

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

/** The process's clock: the system clock unless a test installed another (see {@link useClock}). @internal */
export function processClock(): TimerClock {
  return clockSlot().current;
}

/** Installs `c` as the process's clock (`undefined`: the system clock again). For tests. @internal */
export function useClock(c: TimerClock | undefined): void {
  clockSlot().current = c ?? systemClock();
}

function clockSlot(): { current: TimerClock } {
  return processScoped("clock", () => ({ current: systemClock() }));
}
