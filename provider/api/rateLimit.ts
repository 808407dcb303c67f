import { processClock } from "../clock";
import { processScoped } from "../processState";

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
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  await processClock().sleep(ms, signal);
  signal?.throwIfAborted();
}

/**
 * Extra time added to the one-second window, for the server's clock resolution and the way it rounds.
 */
const WINDOW_MARGIN_MS = 25;

/** A request whose end was never reported stops counting after this long (no client call lasts longer). */
const LOST_SLOT_MS = 120_000;

/**
 * Marks the end of a request (its answer arrived, or it failed): the one-second window is counted from here.
 * `throttled`: the answer was a throttling refusal (4400, RequestLimitExceeded), which slows the limiter down.
 */
export type ReleaseSlot = (throttled?: boolean) => void;

/** CUBIC constants of the AWS SDKs' adaptive retry mode: a throttle cuts the rate to β of what was measured. */
export const CUBIC_BETA = 0.7;
/** CUBIC's C, in requests/s per s³: how fast the rate grows back once it passes the rate that was throttled. */
export const CUBIC_SCALE = 0.4;
/** The adaptive rate never drops below this (requests/s), so a lone request is never held for long. */
export const MIN_ADAPTIVE_RATE = 0.5;
/** Sends are measured over this window (ms) when a throttle comes. */
const MEASURE_MS = 1000;

/** @internal The state of a throttle: when the rate was cut, and the rate it was cut from (CUBIC's W_max). */
interface Cut {
  at: number;
  wMax: number;
}

/**
 * The CUBIC rate `ms` after a cut from `wMax`: β·wMax at once, back to wMax after K = ∛(wMax·(1-β)/C) seconds,
 * growing faster beyond (W(t) = C·(t-K)³ + wMax, as in TCP CUBIC and the AWS SDKs).
 * @param wMax - the rate that was throttled (requests/s)
 * @param ms - time since the cut
 * @internal
 */
export function cubicRate(wMax: number, ms: number): number {
  const k = Math.cbrt((wMax * (1 - CUBIC_BETA)) / CUBIC_SCALE);
  return Math.max(MIN_ADAPTIVE_RATE, CUBIC_SCALE * (ms / 1000 - k) ** 3 + wMax);
}

/** @internal One request in the window: when it started, and when its answer came (undefined: still in flight). */
interface Slot {
  start: number;
  end: number | undefined;
}

/**
 * At most `ratePerSecond` requests in any sliding second, as the server counts them; fewer for a while after a
 * throttling answer (adaptive, below). The server counts a request when
 * it arrives, somewhere between the moment it is sent and the moment its answer is back; so a request holds its
 * place from its start until one second after its answer. Counting from the start instead (a token bucket, or a
 * window over start times) lets a request that was slow to arrive share the server's second with a later burst:
 * measured with 50 creates on a busy machine, that was 5 to 14 answers 4400 per run, each retried after a pause.
 * Costs a round trip per window of throughput; a stack of 50 creates meets no 4400 of its own making.
 * Waiters are served in order.
 *
 * Adaptive, as the AWS SDKs' adaptive retry mode: the limit is the account's, and other processes (other stacks,
 * other tools with the same SecretId) spend it too, which this process cannot see until the server answers 4400.
 * Until then nothing changes. A throttling answer measures the rate this process was sending at (requests started
 * in the last second) and cuts the limit to β = 0.7 of it; the limit then grows back along CUBIC's curve, and once
 * it is back at `ratePerSecond` the limiter is as if never throttled. The window above gates the sends at the
 * reduced rate, where the SDKs use a token bucket: at the same rate the window is the stricter of the two, for the
 * reason given above. Only a request started after the last cut can cut again: the other refusals of the burst
 * that caused it say nothing about the new rate (TCP cuts once per window for the same reason), so a burst of 10
 * refusals is one cut to 0.7×, not 0.7¹⁰×.
 */
export class RequestRateLimiter {
  /** Requests still in the window, oldest first. */
  private slots: Slot[] = [];
  private queue: Promise<void> = Promise.resolve();
  private rate: number;
  /** Start times of the requests of the last {@link MEASURE_MS}, oldest first: the measured rate. */
  private starts: number[] = [];
  /** The last throttle, while its CUBIC curve is below `rate`. */
  private cut: Cut | undefined;

  /**
   * @param ratePerSecond - sustained rate (> 0)
   * @param clock - now and sleep (real ones by default)
   */
  constructor(
    ratePerSecond: number,
    private readonly clock: BucketClock = { now: () => processClock().now(), sleep: abortableSleep },
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError("ratePerSecond must be > 0");
    this.rate = ratePerSecond;
  }

  /** Configured sustained rate (the ceiling; see {@link currentRate} for the rate after a throttle). */
  get ratePerSecond(): number {
    return this.rate;
  }

  /** The rate requests may start at now: `ratePerSecond`, or less while recovering from a throttle. */
  currentRate(): number {
    return this.rateAt(this.clock.now());
  }

  private rateAt(now: number): number {
    if (this.cut === undefined) return this.rate;
    const r = cubicRate(this.cut.wMax, now - this.cut.at);
    if (r < this.rate) return r;
    this.cut = undefined; // recovered: back to the configured rate, as if never throttled
    return this.rate;
  }

  /** Requests started in the last second, per second. */
  private measuredRate(now: number): number {
    this.starts = this.starts.filter((t) => t > now - MEASURE_MS);
    return (this.starts.length * 1000) / MEASURE_MS;
  }

  /** A throttling answer to a request started at `start`: cut to β of the measured rate (once per cut). */
  private onThrottle(start: number): void {
    const now = this.clock.now();
    if (this.cut !== undefined && start < this.cut.at) return;
    const current = this.rateAt(now);
    const wMax = Math.max(MIN_ADAPTIVE_RATE, Math.min(this.measuredRate(now), current));
    this.cut = { at: now, wMax };
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
  private window(now: number): { permits: number; ms: number } {
    const rate = this.rateAt(now);
    const permits = Math.max(1, Math.floor(rate));
    return { permits, ms: (permits / rate) * 1000 + WINDOW_MARGIN_MS };
  }

  /** When a slot leaves the window: `ms` after its answer; never while in flight (unless lost). */
  private leavesAt(slot: Slot, ms: number): number {
    return slot.end === undefined ? slot.start + LOST_SLOT_MS : slot.end + ms;
  }

  /**
   * Resolves when a request may start (and counts it). Call the returned function when its answer arrives or it
   * fails, with `true` if the answer was a throttling refusal; until then the request holds its place.
   * @param signal - abort the wait
   */
  take(signal?: AbortSignal): Promise<ReleaseSlot> {
    const turn = this.queue.then(async (): Promise<ReleaseSlot> => {
      for (;;) {
        const now = this.clock.now();
        const { permits, ms } = this.window(now);
        this.slots = this.slots.filter((s) => this.leavesAt(s, ms) > now);
        if (this.slots.length < permits) {
          const slot: Slot = { start: now, end: undefined };
          this.slots.push(slot);
          this.measuredRate(now);
          this.starts.push(now);
          return (throttled = false) => {
            if (slot.end !== undefined) return;
            slot.end = this.clock.now();
            if (throttled) this.onThrottle(slot.start);
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

/**
 * The process-wide limiter of one endpoint and SecretId (the server counts per account), shared by every client of
 * the process and created on first use. Process state (see processState), not module scope, so a serialized dynamic provider does
 * not capture it; one dynamic-provider process serves every resource of a stack, so they all share it.
 * @param key - endpoint and SecretId, e.g. `${endpoint} ${secretId}`
 * @param ratePerSecond - sets the (ceiling) rate when given
 */
export function sharedRateLimiter(key: string, ratePerSecond?: number): RequestRateLimiter {
  const limiters = processScoped("api.rateLimiters", () => new Map<string, RequestRateLimiter>());
  let limiter = limiters.get(key);
  if (limiter === undefined) {
    limiter = new RequestRateLimiter(ratePerSecond ?? DEFAULT_RATE_PER_SECOND);
    limiters.set(key, limiter);
  } else if (ratePerSecond !== undefined && ratePerSecond !== limiter.ratePerSecond) {
    limiter.setRate(ratePerSecond);
  }
  return limiter;
}
