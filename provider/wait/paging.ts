/** One page of a listing from record `offset`, with the listing's total count. */
export type FetchPage<T> = (offset: number, limit: number) => Promise<{ items: T[]; total: number }>;

/** Options of {@link pageThrough}. */
export interface PageThroughOptions<T> {
  /** Page size. */
  limit: number;
  /**
   * Asked after each page that did not end the listing: `true` stops there (the caller has what it needs).
   * @param items - everything read so far, by id
   * @param offset - where the next page would start
   * @param total - the listing's total count
   */
  enough?: (items: ReadonlyMap<string, T>, offset: number, total: number) => boolean;
}

/**
 * Reads a paged listing into a map by id. `offset` is a record offset, as GetRedisBackupList documents it ("to query
 * the 40 records between 110 and 149, set offset = 110 and limit = 40") and the emulator implements for every list.
 * Stops at the total count, on an empty page, on a page that adds nothing new (a server that reads `offset` as a page
 * number would otherwise repeat itself forever), or when `enough` says so.
 * @param fetchPage - one page from `offset`
 * @param idOf - identity of an item, to drop repeats
 * @param opts - page size and early stop
 */
export async function pageThrough<T>(
  fetchPage: FetchPage<T>,
  idOf: (item: T) => string,
  opts: PageThroughOptions<T>,
): Promise<Map<string, T>> {
  const items = new Map<string, T>();
  for (let offset = 0; ; ) {
    const page = await fetchPage(offset, opts.limit);
    let added = 0;
    for (const item of page.items) {
      const id = idOf(item);
      if (!items.has(id)) added++;
      items.set(id, item);
    }
    offset += page.items.length;
    if (page.items.length === 0 || added === 0 || offset >= page.total) return items;
    if (opts.enough?.(items, offset, page.total)) return items;
  }
}
