/* DescribeRedis and GetRedisBackupList as the resources read them: coalesced per process, every page. */

import * as api from "../../api";
import type { CallContext } from "../../runtime/context";
import { type FetchPage, type ListingSource, pageThrough, processShared, ReadCoalescer } from "../../wait";
import { waitStrategy } from "../../wait/strategy";
import { key } from "./cloudScope";

/** The instance fields the resources use, normalised from DescribeRedis. @internal */
export type RedisView = api.RedisInstance;

/** Page size for listings: one call covers a stack of 100 (the documented example pages by 10-100). */
export const LIST_PAGE = 100;

/**
 * Reads every item of a paged listing (see pageThrough: record offsets, stops at the total, on an empty page or on a
 * page that adds nothing new).
 * @param fetchPage - one page from `offset`, with the listing's total count
 * @param idOf - identity of an item, to drop repeats
 * @param limit - page size (default {@link LIST_PAGE})
 * @internal
 */
export async function collectPages<T>(
  fetchPage: FetchPage<T>,
  idOf: (item: T) => string,
  limit: number = LIST_PAGE,
): Promise<T[]> {
  return [...(await pageThrough(fetchPage, idOf, { limit })).values()];
}

/** DescribeRedis as a listing source, with the caller's client. */
function instanceSource(ctx: CallContext): ListingSource<RedisView> {
  return {
    async fetchOne(id) {
      const page = await api.describeRedis(ctx.client, { limit: 1, offset: 0, redisId: id });
      return page.instances.find((r) => r.redisId === id);
    },
    async fetchPage(offset, limit) {
      const page = await api.describeRedis(ctx.client, { limit, offset });
      return { items: page.instances, total: page.totalCount };
    },
  };
}

/** How the resources read instances: the calls of {@link ReadCoalescer} that they use. */
type InstanceReads = Pick<ReadCoalescer<RedisView>, "get" | "getMany" | "getRecent" | "list">;

/**
 * The process's DescribeRedis coalescer for this endpoint, account and region (created on first use); when the wait
 * strategy does not share reads, each read is its own call.
 */
function instanceReads(ctx: CallContext): InstanceReads {
  if (!waitStrategy().sharesReads) return unshared;
  return processShared(
    key(ctx, "describe-redis"),
    () => new ReadCoalescer<RedisView>({ idOf: (r) => r.redisId, pageSize: LIST_PAGE, epoch: api.writeEpoch }),
  );
}

/** Reads that share nothing: one filtered call per id, a full listing per `list`. */
const unshared: InstanceReads = {
  get: (id, source) => source.fetchOne(id),
  getRecent: (id, source) => source.fetchOne(id),
  async getMany(ids, source) {
    const found = await Promise.all(ids.map((id) => source.fetchOne(id)));
    return new Map(found.filter((r): r is RedisView => r !== undefined).map((r) => [r.redisId, r]));
  },
  list: (source) => collectPages(source.fetchPage, (r) => r.redisId),
};

/**
 * Reads many instances. Reads made at the same time in this process (other resources' reads, refreshes, waits)
 * share one DescribeRedis listing; one id alone keeps the filtered call.
 * @internal
 */
export async function describeMany(ctx: CallContext, ids: readonly string[]): Promise<Map<string, RedisView>> {
  return instanceReads(ctx).getMany(ids, instanceSource(ctx));
}

/** One instance, or undefined when the cloud does not know it. @internal */
export async function describeOne(ctx: CallContext, id: string): Promise<RedisView | undefined> {
  return instanceReads(ctx).get(id, instanceSource(ctx));
}

/** How old a listing may be to answer a refresh's read (the reads of one refresh come within a few seconds). */
const REFRESH_LISTING_MAX_AGE_MS = 10_000;

/**
 * One instance for `read` (refresh): may be answered from a listing this process took less than 10 s ago, with no
 * change made by this process since (see ReadCoalescer.getRecent). Not for waits or for reads after a change.
 * @internal
 */
export async function describeForRefresh(ctx: CallContext, id: string): Promise<RedisView | undefined> {
  return instanceReads(ctx).getRecent(id, instanceSource(ctx), REFRESH_LISTING_MAX_AGE_MS);
}

/**
 * Every instance of the account in the region (concurrent full listings in this process share one).
 * @internal
 */
export async function describeAll(ctx: CallContext): Promise<RedisView[]> {
  return instanceReads(ctx).list(instanceSource(ctx));
}

/**
 * Every backup of an instance (GetRedisBackupList, paged).
 * @internal
 */
export async function listBackups(ctx: CallContext, redisId: string): Promise<api.RedisBackup[]> {
  return collectPages(
    async (offset, limit) => {
      const page = await api.getRedisBackupList(ctx.client, { redisId, limit, offset });
      return { items: page.backups, total: page.totalCount };
    },
    (b) => b.backupId,
  );
}
