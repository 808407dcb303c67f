import { processClock, type TimerClock } from "../clock";
import { type PageThroughStats, pageThrough } from "./paging";

/** How long after a batch of several reads ends a new batch still counts as part of the burst. */
const BURST_MEMORY_MS = 1000;

/** Where a {@link ReadCoalescer} reads from; given with each request, so a batch uses a caller's fresh client. */
export interface ListingSource<V> {
  /** One item looked up by id (a filtered call); `undefined` when the cloud does not know it. */
  fetchOne(id: string): Promise<V | undefined>;
  /** One page of the full listing from `offset` (see pageThrough); `total` is the listing's total count. */
  fetchPage(offset: number, limit: number): Promise<{ items: V[]; total: number }>;
}

/** Options of {@link ReadCoalescer}. */
export interface ReadCoalescerOptions<V> {
  /** The id of a listed item. */
  idOf: (item: V) => string;
  /** Items per page of the listing (default 100, DescribeRedis's largest page). */
  pageSize?: number;
  /** Send the batch once no new request came for this long (default 20 ms). */
  quietMs?: number;
  /** ...and at the latest this long after the batch's first request (default 50 ms). */
  maxWaitMs?: number;
  /** Quiet time during a burst: while the last batch (of several reads) is in flight or just ended (default 100 ms). */
  burstQuietMs?: number;
  /** Longest wait of a batch during a burst (default 1000 ms). */
  burstMaxWaitMs?: number;
  /**
   * Changes whenever this process changes something in the cloud (see `writeEpoch`); a listing taken before a change
   * never answers {@link ReadCoalescer.getRecent}. Default: never changes.
   */
  epoch?: () => number;
  /** Time source and timers (default the system clock). */
  clock?: TimerClock;
}

/** @internal The items of the latest listing, when it started, and the write epoch then. */
interface Recent<V> {
  items: Map<string, V>;
  startedAt: number;
  epoch: number;
}

/** @internal One request waiting in a batch. */
interface Request<V> {
  /** The wanted ids, or `undefined` for the full listing. */
  ids: readonly string[] | undefined;
  resolve: (items: Map<string, V>) => void;
  reject: (err: unknown) => void;
}

/** @internal */
interface Batch<V> {
  requests: Request<V>[];
  source: ListingSource<V>;
  firstAt: number;
  lastAt: number;
  /** Opened during a burst: collects longer. */
  burst: boolean;
  /** Cancels the armed timer. */
  cancel: (() => void) | undefined;
}

/**
 * Coalesces concurrent reads: requests that arrive within a short window (a few ms after the last one, 50 ms at
 * most) are answered by one read. A batch that wants one id keeps the filtered call; a batch that wants several ids,
 * or the full listing, pages through the listing (100 per page) once, so `pulumi refresh` of 100 instances costs one
 * call instead of 100. When few ids are still missing and many pages remain, the missing ids are looked up one by one
 * instead of paging through an account of thousands.
 *
 * Freshness: a batch is sent after every one of its requests was made, so each caller gets an answer at least as
 * new as its request. A request that arrives while a batch is in flight waits for the next batch; it is never
 * answered from an older read. Errors reach every caller of the batch.
 *
 * Bursts: the reads of a `pulumi refresh` reach the provider process over hundreds of milliseconds (each RPC costs
 * the process some CPU), longer than one listing takes. So a batch opened while the previous batch of several reads
 * is in flight, or less than a second after it, collects for longer (until 100 ms pass without a read, 1 s at most):
 * 100 reads become two listings instead of one per listing round trip. A lone read keeps the short window.
 */
export class ReadCoalescer<V> {
  private readonly idOf: (item: V) => string;
  private readonly pageSize: number;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly burstQuietMs: number;
  private readonly burstMaxWaitMs: number;
  private pending: Batch<V> | undefined;
  /** When the last batch of several reads was sent (and is in flight until `burstUntil` is bumped by its end). */
  private burstUntil = Number.NEGATIVE_INFINITY;
  private readonly epoch: () => number;
  /** The latest listing (a batch that paged), for {@link getRecent}. */
  private recent: Recent<V> | undefined;
  /** A listing in flight, that {@link getRecent} may wait for. */
  private listing: Promise<unknown> | undefined;
  private readonly clock: TimerClock;

  /** @param opts - see {@link ReadCoalescerOptions} */
  constructor(opts: ReadCoalescerOptions<V>) {
    this.idOf = opts.idOf;
    this.pageSize = Math.max(1, Math.floor(opts.pageSize ?? 100));
    this.quietMs = Math.max(0, opts.quietMs ?? 20);
    this.maxWaitMs = Math.max(this.quietMs, opts.maxWaitMs ?? 50);
    this.burstQuietMs = Math.max(this.quietMs, opts.burstQuietMs ?? 100);
    this.burstMaxWaitMs = Math.max(this.maxWaitMs, opts.burstMaxWaitMs ?? 1000);
    this.epoch = opts.epoch ?? (() => 0);
    this.clock = opts.clock ?? processClock();
  }

  /**
   * One item by id, answered from a listing of this process that started at most `maxAgeMs` ago with no change made
   * by this process since (waiting for a listing in flight), or else read like {@link get}.
   *
   * For `pulumi refresh`, whose reads reach the provider a few at a time (the CLI's default parallelism): the first
   * few become one listing and the others find their instance in it, instead of one listing per few reads. Such an
   * answer is as old as a read the CLI could have made at the listing's start; an id the listing lacks is read
   * afresh. Never for waits, which need answers newer than their request.
   * @param id - the wanted id
   * @param source - how to read (used if this request opens a batch)
   * @param maxAgeMs - how old the listing may be
   */
  async getRecent(id: string, source: ListingSource<V>, maxAgeMs: number): Promise<V | undefined> {
    if (this.listing) await this.listing.catch(() => undefined);
    const r = this.recent;
    if (r && this.clock.now() - r.startedAt <= maxAgeMs && r.epoch === this.epoch()) {
      const item = r.items.get(id);
      if (item !== undefined) return item;
    }
    return this.get(id, source);
  }

  /**
   * One item by id.
   * @param id - the wanted id
   * @param source - how to read (used if this request opens a batch)
   */
  async get(id: string, source: ListingSource<V>): Promise<V | undefined> {
    return (await this.enqueue([id], source)).get(id);
  }

  /**
   * Several items by id; ids the cloud does not know are left out.
   * @param ids - the wanted ids
   * @param source - how to read (used if this request opens a batch)
   */
  async getMany(ids: readonly string[], source: ListingSource<V>): Promise<Map<string, V>> {
    const found = await this.enqueue([...ids], source);
    const out = new Map<string, V>();
    for (const id of ids) {
      const item = found.get(id);
      if (item !== undefined) out.set(id, item);
    }
    return out;
  }

  /**
   * Every item of the listing.
   * @param source - how to read (used if this request opens a batch)
   */
  async list(source: ListingSource<V>): Promise<V[]> {
    return [...(await this.enqueue(undefined, source)).values()];
  }

  /** @internal */
  private enqueue(ids: readonly string[] | undefined, source: ListingSource<V>): Promise<Map<string, V>> {
    return new Promise((resolve, reject) => {
      const now = this.clock.now();
      let batch = this.pending;
      if (!batch) {
        batch = { requests: [], source, firstAt: now, lastAt: now, burst: now < this.burstUntil, cancel: undefined };
        this.pending = batch;
      }
      batch.requests.push({ ids, resolve, reject });
      batch.lastAt = now;
      this.arm(batch);
    });
  }

  /** @internal (Re)arms the batch's timer for the end of its quiet time or its longest wait, whichever is first. */
  private arm(batch: Batch<V>): void {
    batch.cancel?.();
    const now = this.clock.now();
    const quiet = batch.burst ? this.burstQuietMs : this.quietMs;
    const maxWait = batch.burst ? this.burstMaxWaitMs : this.maxWaitMs;
    const due = Math.min(batch.lastAt + quiet, batch.firstAt + maxWait);
    batch.cancel = this.clock.after(due - now, () => {
      // Timers run before the I/O that queued up while the process was busy: let that I/O in first, and if it
      // brought more reads, keep collecting.
      this.clock.afterIo(() => {
        if (this.pending !== batch) return; // sent already (an earlier timer's turn)
        if (batch.lastAt > now && this.clock.now() < batch.firstAt + maxWait) this.arm(batch);
        else this.flush(batch);
      });
    });
  }

  /** @internal */
  private flush(batch: Batch<V>): void {
    // Requests from now on open a new batch: they came after this read may have started.
    if (this.pending !== batch) return;
    this.pending = undefined;
    batch.cancel?.();
    const full = batch.requests.some((r) => r.ids === undefined);
    const wanted = new Set<string>();
    for (const r of batch.requests) for (const id of r.ids ?? []) wanted.add(id);
    const several = batch.requests.length > 1;
    if (several) this.burstUntil = Number.POSITIVE_INFINITY; // in flight
    const ended = (): void => {
      if (several) this.burstUntil = this.clock.now() + BURST_MEMORY_MS;
    };
    const startedAt = this.clock.now();
    const epoch = this.epoch();
    const paging = full || wanted.size > 1;
    const reading = this.read(batch.source, full, wanted);
    if (paging) {
      this.listing = reading;
      const clear = (): void => {
        if (this.listing === reading) this.listing = undefined;
      };
      reading.then(clear, clear);
    }
    reading.then(
      (items) => {
        ended();
        if (paging && (this.recent === undefined || this.recent.startedAt <= startedAt)) {
          this.recent = { items, startedAt, epoch };
        }
        for (const r of batch.requests) r.resolve(items);
      },
      (err: unknown) => {
        ended();
        for (const r of batch.requests) r.reject(err);
      },
    );
  }

  /** @internal One read for a whole batch. */
  private async read(source: ListingSource<V>, full: boolean, wanted: Set<string>): Promise<Map<string, V>> {
    if (!full && wanted.size === 1) {
      const [only] = wanted as Set<string>;
      const item = await source.fetchOne(only as string);
      return new Map(item !== undefined && this.idOf(item) === only ? [[only as string, item]] : []);
    }
    const missing = (items: ReadonlyMap<string, V>): string[] => [...wanted].filter((id) => !items.has(id));
    let fewLeft = false;
    const stats: PageThroughStats = { total: 0, complete: false, offsetIs: "record" };
    const items = await pageThrough(source.fetchPage, this.idOf, {
      limit: this.pageSize,
      stats,
      enough: (soFar, offset, total) => {
        if (full) return false;
        const left = missing(soFar).length;
        // Cheaper to look the few missing ids up one by one than to read the rest of a large account.
        fewLeft = left > 0 && left < Math.ceil((total - offset) / this.pageSize);
        return left === 0 || fewLeft;
      },
    });
    // A listing that came up short of its total (instances made or deleted while it paged, a server paging some other
    // way) proves nothing about an id it lacks: look those up one by one rather than answer "not found" (a refresh
    // would drop the resource from the state).
    if (fewLeft || (!full && !stats.complete)) {
      const found = await Promise.all(missing(items).map((id) => source.fetchOne(id)));
      for (const item of found) if (item !== undefined) items.set(this.idOf(item), item);
    }
    return items;
  }
}
