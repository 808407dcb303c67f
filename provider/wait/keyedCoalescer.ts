import { processClock, type TimerClock } from "../clock";

/** Options of {@link KeyedCoalescer}. */
export interface KeyedCoalescerOptions {
  /** Send once no new request for the key came for this long (default 20 ms). */
  quietMs?: number;
  /** ...and at the latest this long after the first request for the key (default 50 ms). */
  maxWaitMs?: number;
  /**
   * A fetch that started at most this long ago answers later requests for its key too (in flight or done; default
   * 0: never). For `pulumi refresh`, whose reads reach the provider over a few seconds.
   */
  maxAgeMs?: number;
  /** Changes whenever this process changes something in the cloud (`writeEpoch`): a fetch before a change is not reused. */
  epoch?: () => number;
  /** Time source and timers (default the system clock). */
  clock?: TimerClock;
}

/** @internal Requests for one key waiting to be sent together. */
interface Pending<V> {
  fetch: (key: string) => Promise<V>;
  waiters: { resolve: (v: V) => void; reject: (err: unknown) => void }[];
  firstAt: number;
  lastAt: number;
  /** Cancels the armed timer. */
  cancel: (() => void) | undefined;
}

/** @internal The latest fetch of a key. */
interface Recent<V> {
  value: Promise<V>;
  startedAt: number;
  epoch: number;
}

/**
 * One fetch per key for the requests that come together: requests for the same key within a short window (20 ms
 * after the last, 50 ms at most) share one call, and with `maxAgeMs` a fetch that started less than that long ago
 * (and no change made by this process since) answers too. Used for the backups of an instance: the Backups of one
 * instance refreshed together cost one DescribeInstanceBackups.
 *
 * A failed fetch is not reused: the next request fetches again. Errors reach every request of the fetch.
 */
export class KeyedCoalescer<V> {
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly maxAgeMs: number;
  private readonly epoch: () => number;
  private readonly pending = new Map<string, Pending<V>>();
  private readonly recent = new Map<string, Recent<V>>();
  private readonly clock: TimerClock;

  /** @param opts - see {@link KeyedCoalescerOptions} */
  constructor(opts: KeyedCoalescerOptions = {}) {
    this.quietMs = Math.max(0, opts.quietMs ?? 20);
    this.maxWaitMs = Math.max(this.quietMs, opts.maxWaitMs ?? 50);
    this.maxAgeMs = Math.max(0, opts.maxAgeMs ?? 0);
    this.epoch = opts.epoch ?? (() => 0);
    this.clock = opts.clock ?? processClock();
  }

  /**
   * The value of `key`, from a fetch shared with the other requests for it.
   * @param key - e.g. an instance id
   * @param fetch - how to read it (used if this request opens the batch)
   */
  get(key: string, fetch: (key: string) => Promise<V>): Promise<V> {
    const r = this.recent.get(key);
    if (r && this.maxAgeMs > 0 && this.clock.now() - r.startedAt <= this.maxAgeMs && r.epoch === this.epoch()) {
      return r.value;
    }
    return new Promise<V>((resolve, reject) => {
      const now = this.clock.now();
      let p = this.pending.get(key);
      if (!p) {
        p = { fetch, waiters: [], firstAt: now, lastAt: now, cancel: undefined };
        this.pending.set(key, p);
      }
      p.waiters.push({ resolve, reject });
      p.lastAt = now;
      this.arm(key, p);
    });
  }

  /** @internal */
  private arm(key: string, p: Pending<V>): void {
    p.cancel?.();
    const due = Math.min(p.lastAt + this.quietMs, p.firstAt + this.maxWaitMs);
    p.cancel = this.clock.after(due - this.clock.now(), () => this.flush(key, p));
  }

  /** @internal */
  private flush(key: string, p: Pending<V>): void {
    if (this.pending.get(key) !== p) return;
    this.pending.delete(key);
    const entry: Recent<V> = { value: p.fetch(key), startedAt: this.clock.now(), epoch: this.epoch() };
    this.recent.set(key, entry);
    entry.value.then(
      (v) => {
        for (const w of p.waiters) w.resolve(v);
      },
      (err: unknown) => {
        if (this.recent.get(key) === entry) this.recent.delete(key);
        for (const w of p.waiters) w.reject(err);
      },
    );
  }
}
