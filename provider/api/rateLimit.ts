/** Default request rate of the CRS APIs (20 requests per second per action, applied process-wide here). */
export const DEFAULT_RATE_PER_SECOND = 20;

/** Clock and sleep a bucket uses; injectable for tests. */
export interface BucketClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sleeps `ms`, rejecting with the signal's reason if it aborts first.
 * @param ms - milliseconds
 * @param signal - optional abort
 * @internal
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Extra time added to the one-second window, so requests paced here still fall into distinct seconds when they
 * arrive at the server with some network jitter.
 */
const WINDOW_MARGIN_MS = 25;

/**
 * At most `ratePerSecond` requests start in any sliding second. Unlike a token bucket (which lets a full burst through
 * and then refills, i.e. up to twice the rate inside one second), this never exceeds what a server counting requests
 * in a sliding window allows, so a stack of 50 creates meets no 4400 of its own making. Waiters are served in order.
 */
export class RequestRateLimiter {
  /** Start times of the most recent requests, oldest first (at most `permits`). */
  private starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private rate: number;

  /**
   * @param ratePerSecond - sustained rate (> 0)
   * @param clock - now and sleep (real ones by default)
   */
  constructor(
    ratePerSecond: number,
    private readonly clock: BucketClock = { now: () => performance.now(), sleep: abortableSleep },
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError("ratePerSecond must be > 0");
    this.rate = ratePerSecond;
  }

  /** Current sustained rate. */
  get ratePerSecond(): number {
    return this.rate;
  }

  /**
   * Changes the rate (the latest client's setting wins).
   * @param ratePerSecond - new rate (> 0)
   */
  setRate(ratePerSecond: number): void {
    if (!(ratePerSecond > 0)) throw new RangeError("ratePerSecond must be > 0");
    this.rate = ratePerSecond;
  }

  /** Requests allowed per window, and the window: 20/s is 20 per second; 0.5/s is 1 per 2 seconds. */
  private window(): { permits: number; ms: number } {
    const permits = Math.max(1, Math.floor(this.rate));
    return { permits, ms: (permits / this.rate) * 1000 + WINDOW_MARGIN_MS };
  }

  /**
   * Resolves when a request may start (and counts it).
   * @param signal - abort the wait
   */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const { permits, ms } = this.window();
        const now = this.clock.now();
        this.starts = this.starts.filter((t) => now - t < ms).slice(-permits);
        if (this.starts.length < permits) {
          this.starts.push(now);
          return;
        }
        await this.clock.sleep(Math.ceil((this.starts[0] ?? now) + ms - now), signal);
      }
    });
    // A waiter that aborted must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

const BUCKET_KEY = Symbol.for("pulumi-tencentcloud-redis.api.rateLimiter");

/**
 * The process-wide limiter shared by every client, created on first use (on globalThis, not module scope, so a
 * serialized dynamic provider does not capture it).
 * @param ratePerSecond - sets the rate when given
 */
export function sharedRateLimiter(ratePerSecond?: number): RequestRateLimiter {
  const g = globalThis as unknown as Record<symbol, RequestRateLimiter | undefined>;
  let bucket = g[BUCKET_KEY];
  if (bucket === undefined) {
    bucket = new RequestRateLimiter(ratePerSecond ?? DEFAULT_RATE_PER_SECOND);
    g[BUCKET_KEY] = bucket;
  } else if (ratePerSecond !== undefined && ratePerSecond !== bucket.ratePerSecond) {
    bucket.setRate(ratePerSecond);
  }
  return bucket;
}
