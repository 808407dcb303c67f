import * as api from "../api";
import type { CallContext } from "../runtime/context";
import {
  adaptiveSchedule,
  anchorSchedule,
  type BatchPoller,
  type BatchPollerOptions,
  createDealPoller,
  createInstancePoller,
  createTaskPoller,
  type FetchPage,
  fanOutFetch,
  firstPollNow,
  type ListingSource,
  learnedEstimate,
  learningSchedule,
  type PollSchedule,
  pageThrough,
  pollerKey,
  processShared,
  ReadCoalescer,
  recordWaitSample,
  sharedPoller,
  type WaitOptions,
  type WaitProgress,
  waitStatsVersion,
} from "../wait";

type TaskInfo = Awaited<ReturnType<typeof api.describeTaskInfo>>;

/** The instance fields the resources use, normalised from DescribeRedis. @internal */
export type RedisView = api.RedisInstance;

/** At most one "still waiting" line per wait in this time (issue 13: a few lines per resource). */
const PROGRESS_EVERY_MS = 30_000;

/**
 * Which poller the waits use, read from `TENCENTCLOUD_REDIS_POLLER` when each wait or read starts (never captured):
 * `anchor` is a benchmark-only baseline that behaves like the common approach (1, 2, 4, 8 then every 10 s, one call
 * per resource per poll, no batching, no read coalescing); anything else is the project's poller.
 * @internal
 */
export type PollerMode = "adaptive" | "anchor";

/** @internal */
export function pollerMode(): PollerMode {
  return process.env.TENCENTCLOUD_REDIS_POLLER === "anchor" ? "anchor" : "adaptive";
}

/**
 * Logs "still waiting" lines at most every 30 s, so a long wait is visible in `pulumi up` without flooding it.
 * @internal
 */
export function progressLogger<S>(ctx: CallContext, what: string, show: (s: S) => string) {
  let last = Date.now();
  return (p: WaitProgress<string, S>) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    const state = p.state === undefined ? "no answer yet" : show(p.state);
    ctx.log(
      `still waiting for ${what}: ${Math.round(p.elapsedMs / 1000)} s so far (at most ${ctx.waitTimeoutSeconds} s), ${state}`,
    );
  };
}

function key(ctx: CallContext, kind: string): string {
  return pollerKey(kind, ctx.settings.endpoints.crs2017, ctx.settings.credentials.secretId, ctx.settings.region);
}

/**
 * The learning key of a wait: its kind (`deal:create`, `task:backup`, ...) scoped to the endpoint and region (where
 * the cloud is), hashed. `undefined` for a resumed wait, whose start is unknown, so it neither learns nor uses history.
 */
function learnKey(ctx: CallContext, family: "deal" | "task", what: string): string | undefined {
  if (/^resume\b/.test(what)) return undefined;
  const kind =
    family === "deal"
      ? /^(create|upgrade|renew)\b/.exec(what)?.[1]
      : /\b(restore|password|backup|clear|export)\b/.exec(what)?.[1];
  if (!kind) return undefined;
  const scope = pollerKey(ctx.settings.endpoints.crs2017, ctx.settings.region).slice(0, 16);
  return `${scope}:${family}:${kind}`;
}

/**
 * The schedule of one wait and the hooks that learn from it: dense polling where past waits of the same kind
 * finished (see learnedSchedule), today's adaptive schedule when there is no history yet.
 */
function learning<S>(
  learnAs: string | undefined,
  log: (p: WaitProgress<string, S>) => void,
): {
  schedule: PollSchedule | undefined;
  onProgress: (p: WaitProgress<string, S>) => void;
  learn: <T>(p: Promise<T>) => Promise<T>;
} {
  const startedAt = Date.now();
  let lastPendingMs = 0;
  return {
    // Follows the history as it grows, also during this wait (the first delivered deal of a burst teaches the rest).
    schedule:
      learnAs === undefined
        ? undefined
        : learningSchedule({ estimate: () => learnedEstimate(learnAs), version: waitStatsVersion }, adaptiveSchedule()),
    onProgress: (p) => {
      lastPendingMs = p.elapsedMs;
      log(p);
    },
    learn: async (p) => {
      const value = await p;
      if (learnAs !== undefined) recordWaitSample(learnAs, { lastPendingMs, doneMs: Date.now() - startedAt });
      return value;
    },
  };
}

/** The baseline's poller shape: one call per id, and only the ids that are due. */
const PER_ID = { maxBatch: 1, rideAlong: false } as const;

/** Poller options that differ between the project's poller and the anchor baseline. */
type PollerShape = Pick<BatchPollerOptions<string, unknown>, "schedule" | "maxBatch" | "rideAlong">;

/**
 * One wait of a deal or a task on the process's shared poller: the anchor baseline (see pollerMode), or the
 * project's poller with the schedule learnt for this kind of wait, recording how long it took.
 * @param make - builds the poller with the given shape (called once per process and mode)
 */
function waitOn<S>(
  ctx: CallContext,
  family: "deal" | "task",
  id: string,
  what: string,
  make: (shape: PollerShape) => BatchPoller<string, S>,
  opts: Omit<WaitOptions<string, S>, "schedule" | "onProgress">,
  log: (p: WaitProgress<string, S>) => void,
): Promise<S> {
  if (pollerMode() === "anchor") {
    const poller = sharedPoller(key(ctx, `${family}-anchor`), () => make({ schedule: anchorSchedule(), ...PER_ID }));
    return poller.wait(id, { ...opts, onProgress: log });
  }
  const poller = sharedPoller(key(ctx, family), () => make({}));
  const l = learning(learnKey(ctx, family, what), log);
  return l.learn(poller.wait(id, { ...opts, schedule: l.schedule, onProgress: l.onProgress }));
}

/**
 * Waits until an order (deal) is delivered; all resources of this process that wait at the same time share one
 * DescribeRedisDealDetail call per poll.
 * @internal
 */
export async function waitDeal(ctx: CallContext, dealId: string, what: string): Promise<api.DealDetail> {
  const fetch = async (ids: string[]) => {
    const { dealDetails } = await api.describeRedisDealDetail(ctx.client, { dealIds: ids });
    return new Map(dealDetails.map((d) => [d.dealId, d]));
  };
  const label = `deal ${dealId} (${what})`;
  const started = Date.now();
  const deal = await waitOn(
    ctx,
    "deal",
    dealId,
    what,
    (shape) => createDealPoller<api.DealDetail>(fetch, { kind: "deal", ...shape }),
    {
      deadlineMs: ctx.waitDeadline(),
      label,
      timeoutHint: "raise waitTimeoutSeconds; the next `pulumi up` resumes this wait without buying again",
    },
    progressLogger<api.DealDetail>(ctx, label, (d) => `status ${d.status}`),
  );
  ctx.log(`${label} delivered after ${secondsSince(started)}`);
  return deal;
}

/** "2.4 s" since `started`, for the lines that end a wait. @internal */
export function secondsSince(started: number): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/**
 * Waits until a task (ModfiyRedisPassword, ClearRedis, ManualBackupInstance, RestoreInstance, ExportRedisBackup, ...)
 * finishes. DescribeTaskInfo takes one id, so the shared poller fans out one call per waiting task.
 * @internal
 */
export async function waitTask(ctx: CallContext, taskId: number | string, what: string): Promise<TaskInfo> {
  const fetch = fanOutFetch((id: string) => api.describeTaskInfo(ctx.client, { requestId: Number(id) }));
  const label = `task ${taskId} (${what})`;
  const started = Date.now();
  const task = await waitOn(
    ctx,
    "task",
    String(taskId),
    what,
    (shape) => createTaskPoller<TaskInfo>(fetch, { kind: "task", ...shape }),
    { deadlineMs: ctx.waitDeadline(), label },
    progressLogger<TaskInfo>(ctx, label, (t) => `status ${t.status}`),
  );
  ctx.log(`${label} finished after ${secondsSince(started)}`);
  return task;
}

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

/** The process's DescribeRedis coalescer for this endpoint, account and region (created on first use). */
function instanceReads(ctx: CallContext): ReadCoalescer<RedisView> {
  return processShared(
    key(ctx, "describe-redis"),
    () => new ReadCoalescer<RedisView>({ idOf: (r) => r.redisId, pageSize: LIST_PAGE, epoch: api.writeEpoch }),
  );
}

/**
 * Reads many instances. Reads made at the same time in this process (other resources' reads, refreshes, waits)
 * share one DescribeRedis listing; one id alone keeps the filtered call.
 * @internal
 */
export async function describeMany(ctx: CallContext, ids: readonly string[]): Promise<Map<string, RedisView>> {
  if (pollerMode() === "anchor") {
    const source = instanceSource(ctx);
    const found = await Promise.all(ids.map((id) => source.fetchOne(id)));
    return new Map(found.filter((r): r is RedisView => r !== undefined).map((r) => [r.redisId, r]));
  }
  return instanceReads(ctx).getMany(ids, instanceSource(ctx));
}

/** One instance, or undefined when the cloud does not know it. @internal */
export async function describeOne(ctx: CallContext, id: string): Promise<RedisView | undefined> {
  if (pollerMode() === "anchor") return instanceSource(ctx).fetchOne(id);
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
  if (pollerMode() === "anchor") return instanceSource(ctx).fetchOne(id);
  return instanceReads(ctx).getRecent(id, instanceSource(ctx), REFRESH_LISTING_MAX_AGE_MS);
}

/**
 * Every instance of the account in the region (concurrent full listings in this process share one).
 * @internal
 */
export async function describeAll(ctx: CallContext): Promise<RedisView[]> {
  const source = instanceSource(ctx);
  if (pollerMode() === "anchor") return collectPages(source.fetchPage, (r) => r.redisId);
  return instanceReads(ctx).list(source);
}

/** How old a finished listing may be and still serve creates as their "before the purchase" snapshot. */
const PURCHASE_SNAPSHOT_MAX_AGE_MS = 10_000;

/** @internal The process's latest listing for purchases: in flight, or finished at `endedAt`. */
interface PurchaseSnapshot {
  instances: Promise<RedisView[]>;
  endedAt: number | undefined;
}

/**
 * The instances that existed before a purchase this process is about to send (the journal's `knownIds`, and the
 * listing the fresh-runner fail-safe looks at).
 *
 * Any listing whose answer arrived before CreateRedis is sent lists only instances that existed before the purchase,
 * so creates that start together share one listing: a create joins a listing in flight, or takes one that finished
 * less than 10 s ago, instead of each waiting for a fresh one (50 creates no longer queue behind a listing round
 * trip). Instances that appear between that listing and the purchase are not excluded by it: if the answer to
 * CreateRedis is lost they stay candidates, filtered by shape and time, and more than one candidate is refused.
 * @internal
 */
export async function instancesBeforePurchase(ctx: CallContext): Promise<RedisView[]> {
  const list = (): Promise<RedisView[]> => describeAll(ctx);
  if (pollerMode() === "anchor") return list();
  const slot = processShared(key(ctx, "purchase-snapshot"), () => ({
    current: undefined as PurchaseSnapshot | undefined,
  }));
  const cur = slot.current;
  if (cur && (cur.endedAt === undefined || Date.now() - cur.endedAt <= PURCHASE_SNAPSHOT_MAX_AGE_MS)) {
    // A failed shared listing is not reused: this create lists on its own.
    return cur.instances.catch(list);
  }
  const next: PurchaseSnapshot = { instances: list(), endedAt: undefined };
  slot.current = next;
  next.instances.then(
    () => {
      next.endedAt = Date.now();
    },
    () => {
      if (slot.current === next) slot.current = undefined;
    },
  );
  return next.instances;
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

/**
 * Waits until an instance is running (status 2). Instances waited for at the same time are read together.
 * @internal
 */
export async function waitRunning(ctx: CallContext, id: string, what: string): Promise<RedisView> {
  const label = `instance ${id} (${what})`;
  const opts = {
    deadlineMs: ctx.waitDeadline(),
    label,
    onProgress: progressLogger<RedisView>(ctx, label, (r) => `status ${r.status}`),
  };
  if (pollerMode() === "anchor") {
    const poller = sharedPoller(key(ctx, "instance-anchor"), () =>
      createInstancePoller<RedisView>((ids) => describeMany(ctx, ids), {
        kind: "instance",
        schedule: anchorSchedule(),
        ...PER_ID,
      }),
    );
    return poller.wait(id, opts);
  }
  // Most waits start right after a delivered deal, when the instance is already running: look at once.
  const poller = sharedPoller(key(ctx, "instance"), () =>
    createInstancePoller<RedisView>((ids) => describeMany(ctx, ids), {
      kind: "instance",
      schedule: firstPollNow(adaptiveSchedule()),
    }),
  );
  return poller.wait(id, opts);
}
