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
 * Extra time added to the one-second window, for the server's clock resolution and the way it rounds.
 */
const WINDOW_MARGIN_MS = 25;

/** A request whose end was never reported stops counting after this long (no client call lasts longer). */
const LOST_SLOT_MS = 120_000;

/** Marks the end of a request (its answer arrived, or it failed): the one-second window is counted from here. */
export type ReleaseSlot = () => void;

/** @internal One request in the window: when it started, and when its answer came (undefined: still in flight). */
interface Slot {
  start: number;
  end: number | undefined;
}

/**
 * At most `ratePerSecond` requests in any sliding second, as the server counts them. The server counts a request when
 * it arrives, somewhere between the moment it is sent and the moment its answer is back; so a request holds its
 * place from its start until one second after its answer. Counting from the start instead (a token bucket, or a
 * window over start times) lets a request that was slow to arrive share the server's second with a later burst:
 * measured with 50 creates on a busy machine, that was 5 to 14 answers 4400 per run, each retried after a pause.
 * Costs a round trip per window of throughput; a stack of 50 creates meets no 4400 of its own making.
 * Waiters are served in order.
 */
export class RequestRateLimiter {
  /** Requests still in the window, oldest first. */
  private slots: Slot[] = [];
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

  /** When a slot leaves the window: `ms` after its answer; never while in flight (unless lost). */
  private leavesAt(slot: Slot, ms: number): number {
    return slot.end === undefined ? slot.start + LOST_SLOT_MS : slot.end + ms;
  }

  /**
   * Resolves when a request may start (and counts it). Call the returned function when its answer arrives or it
   * fails; until then the request holds its place.
   * @param signal - abort the wait
   */
  take(signal?: AbortSignal): Promise<ReleaseSlot> {
    const turn = this.queue.then(async (): Promise<ReleaseSlot> => {
      for (;;) {
        const { permits, ms } = this.window();
        const now = this.clock.now();
        this.slots = this.slots.filter((s) => this.leavesAt(s, ms) > now);
        if (this.slots.length < permits) {
          const slot: Slot = { start: now, end: undefined };
          this.slots.push(slot);
          return () => {
            slot.end ??= this.clock.now();
          };
        }
        const next = Math.min(...this.slots.map((s) => this.leavesAt(s, ms)));
        // In-flight requests end at an unknown time: look again soon rather than at the lost-slot horizon.
        const inFlight = this.slots.some((s) => s.end === undefined);
        await this.clock.sleep(Math.max(1, Math.ceil(Math.min(next - now, inFlight ? 50 : Infinity))), signal);
      }
    });
    // A waiter that aborted must not block the ones behind it.
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
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
