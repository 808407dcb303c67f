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

/** A token bucket: `ratePerSecond` tokens a second, bursts up to `ratePerSecond`. Waiters are served in order. */
export class TokenBucket {
  private tokens: number;
  private last: number;
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
    this.tokens = ratePerSecond;
    this.last = clock.now();
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
    this.refill();
    this.rate = ratePerSecond;
    this.tokens = Math.min(this.tokens, ratePerSecond);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /**
   * Resolves when a token is available (and takes it).
   * @param signal - abort the wait
   */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000), signal);
      }
    });
    // A waiter that aborted must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

const BUCKET_KEY = Symbol.for("pulumi-tencentcloud-redis.api.rateLimiter");

/**
 * The process-wide bucket shared by every client, created on first use (on globalThis, not module scope, so a
 * serialized dynamic provider does not capture it).
 * @param ratePerSecond - sets the rate when given
 */
export function sharedRateLimiter(ratePerSecond?: number): TokenBucket {
  const g = globalThis as unknown as Record<symbol, TokenBucket | undefined>;
  let bucket = g[BUCKET_KEY];
  if (bucket === undefined) {
    bucket = new TokenBucket(ratePerSecond ?? DEFAULT_RATE_PER_SECOND);
    g[BUCKET_KEY] = bucket;
  } else if (ratePerSecond !== undefined && ratePerSecond !== bucket.ratePerSecond) {
    bucket.setRate(ratePerSecond);
  }
  return bucket;
}
