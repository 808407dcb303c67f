import * as api from "../api";
import type { CallContext } from "../runtime/context";
import {
  createDealPoller,
  createInstancePoller,
  createTaskPoller,
  fanOutFetch,
  pollerKey,
  sharedPoller,
  type WaitProgress,
} from "../wait";

type TaskInfo = Awaited<ReturnType<typeof api.describeTaskInfo>>;

/** The instance fields the resources use, normalised from DescribeRedis. @internal */
export type RedisView = api.RedisInstance;

const PROGRESS_EVERY_MS = 15_000;

/** Logs "still waiting" lines at most every 15 s, so a long wait is visible in `pulumi up` without flooding it. */
function progressLogger<S>(ctx: CallContext, what: string, show: (s: S) => string) {
  let last = Date.now();
  return (p: WaitProgress<string, S>) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    const state = p.state === undefined ? "no answer yet" : show(p.state);
    ctx.log(
      `waiting for ${what}: ${Math.round(p.elapsedMs / 1000)} s of at most ${ctx.waitTimeoutSeconds} s, ${state}`,
    );
  };
}

function key(ctx: CallContext, kind: string): string {
  return pollerKey(kind, ctx.settings.endpoints.crs2017, ctx.settings.credentials.secretId, ctx.settings.region);
}

/**
 * Waits until an order (deal) is delivered; all resources of this process that wait at the same time share one
 * DescribeRedisDealDetail call per poll.
 * @internal
 */
export async function waitDeal(ctx: CallContext, dealId: string, what: string): Promise<api.DealDetail> {
  const poller = sharedPoller(key(ctx, "deal"), () =>
    createDealPoller<api.DealDetail>(
      async (ids) => {
        const { dealDetails } = await api.describeRedisDealDetail(ctx.client, { dealIds: ids });
        return new Map(dealDetails.map((d) => [d.dealId, d]));
      },
      { kind: "deal" },
    ),
  );
  return poller.wait(dealId, {
    deadlineMs: ctx.waitDeadline(),
    label: `deal ${dealId} (${what})`,
    timeoutHint: "raise waitTimeoutSeconds; the next `pulumi up` resumes this wait without buying again",
    onProgress: progressLogger(ctx, `deal ${dealId} (${what})`, (d) => `status ${d.status}`),
  });
}

/**
 * Waits until a task (ModfiyRedisPassword, ClearRedis, ManualBackupInstance, RestoreInstance, ExportRedisBackup, ...)
 * finishes. DescribeTaskInfo takes one id, so the shared poller fans out one call per waiting task.
 * @internal
 */
export async function waitTask(ctx: CallContext, taskId: number | string, what: string): Promise<TaskInfo> {
  const poller = sharedPoller(key(ctx, "task"), () =>
    createTaskPoller<TaskInfo>(
      fanOutFetch((id) => api.describeTaskInfo(ctx.client, { requestId: Number(id) })),
      {
        kind: "task",
      },
    ),
  );
  return poller.wait(String(taskId), {
    deadlineMs: ctx.waitDeadline(),
    label: `task ${taskId} (${what})`,
    onProgress: progressLogger(ctx, `task ${taskId} (${what})`, (t) => `status ${t.status}`),
  });
}

/** Page size for listing instances: one call covers a stack of 100 (the documented example pages by 10-100). */
export const LIST_PAGE = 100;

/**
 * Reads many instances with as few DescribeRedis calls as the page size allows (the API filters by one redisId
 * only, so a batch is a listing filtered here).
 * @internal
 */
export async function describeMany(ctx: CallContext, ids: readonly string[]): Promise<Map<string, RedisView>> {
  const found = new Map<string, RedisView>();
  if (ids.length === 1) {
    const only = ids[0] as string;
    const page = await api.describeRedis(ctx.client, { limit: 1, offset: 0, redisId: only });
    for (const r of page.instances) if (r.redisId === only) found.set(r.redisId, r);
    return found;
  }
  const wanted = new Set(ids);
  for (let offset = 0; ; offset++) {
    const page = await api.describeRedis(ctx.client, { limit: LIST_PAGE, offset });
    for (const r of page.instances) if (wanted.has(r.redisId)) found.set(r.redisId, r);
    if (
      found.size === wanted.size ||
      page.instances.length < LIST_PAGE ||
      (offset + 1) * LIST_PAGE >= page.totalCount
    ) {
      return found;
    }
  }
}

/** One instance, or undefined when the cloud does not know it. @internal */
export async function describeOne(ctx: CallContext, id: string): Promise<RedisView | undefined> {
  return (await describeMany(ctx, [id])).get(id);
}

/**
 * Waits until an instance is running (status 2). Instances waited for at the same time are read together.
 * @internal
 */
export async function waitRunning(ctx: CallContext, id: string, what: string): Promise<RedisView> {
  const poller = sharedPoller(key(ctx, "instance"), () =>
    createInstancePoller<RedisView>((ids) => describeMany(ctx, ids), { kind: "instance" }),
  );
  return poller.wait(id, {
    deadlineMs: ctx.waitDeadline(),
    label: `instance ${id} (${what})`,
    onProgress: progressLogger(ctx, `instance ${id} (${what})`, (r) => `status ${r.status}`),
  });
}
