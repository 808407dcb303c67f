/** Time source and sleep, injected so tests can drive the poller with fake timers or a virtual clock. */
export interface Clock {
  /** Current epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or early (resolving, not rejecting) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock. Built on call, not at module load (dynamic providers serialize module scope), and reads the global
 * `setTimeout`/`Date` at call time so vitest fake timers apply.
 */
export function systemClock(): Clock {
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
  };
}
