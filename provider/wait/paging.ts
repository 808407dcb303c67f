/** One page of a listing from `offset` (a record offset, or a page number on a server that reads it so). */
export type FetchPage<T> = (offset: number, limit: number) => Promise<{ items: T[]; total: number }>;

/** What {@link pageThrough} learnt about a listing, for callers that must not take a short listing as the truth. */
export interface PageThroughStats {
  /** The total count of the last page read. */
  total: number;
  /** Whether every item the total counts was read (false: stopped early by `enough`, or the listing came up short). */
  complete: boolean;
  /** How the server read `offset`. */
  offsetIs: "record" | "page";
}

/** Options of {@link pageThrough}. */
export interface PageThroughOptions<T> {
  /** Page size. */
  limit: number;
  /**
   * Asked after each page that did not end the listing: `true` stops there (the caller has what it needs).
   * @param items - everything read so far, by id
   * @param offset - how many records the pages read so far cover (where the next page starts)
   * @param total - the listing's total count
   */
  enough?: (items: ReadonlyMap<string, T>, offset: number, total: number) => boolean;
  /** Filled in when the listing ends. */
  stats?: PageThroughStats;
}

/**
 * Reads a paged listing into a map by id.
 *
 * `offset` is first read as a record offset, as GetRedisBackupList documents it ("to query the 40 records between
 * 110 and 149, set offset = 110 and limit = 40") and the emulator implements for every list; the DescribeRedis table
 * calls the same parameter "current page number". Both are tolerated: when a record-offset pass ends short of the
 * total count (a page-number server answers `offset=100` with page 100, usually empty), one probe at `offset=1` tells
 * the two apart. A record server answers it with the first page shifted by one (mostly the same items), a page server
 * with the second page (none of them); on a page server the rest is read as pages 2, 3, ... So a server that reads
 * offsets as records costs what it always did, and one that reads pages costs two calls more.
 *
 * Each pass stops at the total count, on an empty page, on a page that adds nothing new (a server that ignores
 * `offset` would otherwise repeat itself forever), or when `enough` says so.
 * @param fetchPage - one page from `offset`
 * @param idOf - identity of an item, to drop repeats
 * @param opts - page size, early stop, stats
 */
export async function pageThrough<T>(
  fetchPage: FetchPage<T>,
  idOf: (item: T) => string,
  opts: PageThroughOptions<T>,
): Promise<Map<string, T>> {
  const items = new Map<string, T>();
  const add = (page: T[]): number => {
    let added = 0;
    for (const item of page) {
      const id = idOf(item);
      if (!items.has(id)) added++;
      items.set(id, item);
    }
    return added;
  };
  const done = (total: number, offsetIs: "record" | "page", stopped: boolean): Map<string, T> => {
    if (opts.stats) Object.assign(opts.stats, { total, complete: !stopped && items.size >= total, offsetIs });
    return items;
  };

  // Pass 1: record offsets.
  let first: T[] = [];
  let total = 0;
  for (let offset = 0; ; ) {
    const page = await fetchPage(offset, opts.limit);
    if (offset === 0) first = page.items;
    total = page.total;
    const added = add(page.items);
    offset += page.items.length;
    if (page.items.length === 0 || added === 0 || offset >= page.total) break;
    if (opts.enough?.(items, offset, page.total)) return done(page.total, "record", true);
  }
  // A first page of one item reads the same either way (page k is record k).
  if (items.size >= total || first.length < 2) return done(total, "record", false);

  // Short of the total: is `offset` a page number?
  const firstIds = new Set(first.map(idOf));
  const probe = await fetchPage(1, opts.limit);
  total = probe.total;
  const overlap = probe.items.filter((x) => firstIds.has(idOf(x))).length;
  if (overlap * 2 > first.length - 1) return done(total, "record", false); // a record server: short for another reason
  // Pass 2: page numbers, pages as long as the first one.
  let page = probe;
  let added = add(probe.items);
  for (let pageNo = 2; ; pageNo++) {
    const covered = pageNo * first.length;
    if (page.items.length === 0 || added === 0 || covered >= total || items.size >= total) break;
    if (opts.enough?.(items, covered, total)) return done(total, "page", true);
    page = await fetchPage(pageNo, opts.limit);
    total = page.total;
    added = add(page.items);
  }
  return done(total, "page", false);
}
