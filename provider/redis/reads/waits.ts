/*
 * Where the CRS waits live: a deal until it is delivered (DescribeRedisDealDetail), a task until it finishes
 * (DescribeTaskInfo), an instance until it runs (DescribeRedis), each on the process's shared poller (wait/), with the
 * schedule learnt for its kind.
 */

import * as api from "../../api";
import { processClock } from "../../clock";
import type { CallContext } from "../../runtime/context";
import {
  adaptiveSchedule,
  type BatchPoller,
  createDealPoller,
  createInstancePoller,
  createTaskPoller,
  fanOutFetch,
  learnedEstimate,
  learningSchedule,
  type PollSchedule,
  pollerKey,
  recordWaitSample,
  sharedPoller,
  type WaitOptions,
  type WaitProgress,
  waitStatsVersion,
} from "../../wait";
import { type PollerShape, type WaitFamily, type WaitStrategy, waitStrategy } from "../../wait/strategy";
import { key } from "./cloudScope";
import { describeMany, type RedisView } from "./instanceReads";
import { progressLogger, secondsSince } from "./waitLines";

type TaskInfo = Awaited<ReturnType<typeof api.describeTaskInfo>>;

/** Deal waits by the order behind them; task waits by the action that started them. @internal */
export type DealKind = "create" | "upgrade" | "renew";
/** @internal */
export type TaskKind = "restore" | "password" | "backup" | "clear" | "export";

/**
 * What one wait is for: its kind (the learning key), whether it resumes a wait an earlier run started (its start is
 * unknown, so it neither learns nor uses history), and the words of the user's lines.
 * @internal
 */
export interface WaitFor<K extends string> {
  kind: K;
  what: string;
  resumed?: boolean;
}

/**
 * The learning key of a wait: its kind (`deal:create`, `task:backup`, ...) scoped to the endpoint and region (where
 * the cloud is), hashed. `undefined` for a resumed wait.
 */
function learnKey(ctx: CallContext, family: "deal" | "task", w: WaitFor<string>): string | undefined {
  if (w.resumed === true) return undefined;
  const scope = pollerKey(ctx.settings.endpoints.crs2017, ctx.settings.region).slice(0, 16);
  return `${scope}:${family}:${w.kind}`;
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
  const startedAt = processClock().now();
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
      if (learnAs !== undefined) recordWaitSample(learnAs, { lastPendingMs, doneMs: processClock().now() - startedAt });
      return value;
    },
  };
}

/** The process's shared poller of a family under the current strategy (see wait/strategy). */
function familyPoller<S>(
  ctx: CallContext,
  family: WaitFamily,
  make: (shape: PollerShape) => BatchPoller<string, S>,
  strategy: WaitStrategy = waitStrategy(),
): BatchPoller<string, S> {
  const name = strategy.name === "" ? family : `${family}-${strategy.name}`;
  return sharedPoller(key(ctx, name), () => make(strategy.pollerShape(family)));
}

/**
 * One wait of a deal or a task on the process's shared poller, with the schedule learnt for this kind of wait when
 * the strategy learns, recording how long it took.
 * @param make - builds the poller with the given shape (called once per process and strategy)
 */
function waitOn<S>(
  ctx: CallContext,
  family: "deal" | "task",
  id: string,
  w: WaitFor<string>,
  make: (shape: PollerShape) => BatchPoller<string, S>,
  opts: Omit<WaitOptions<string, S>, "schedule" | "onProgress">,
  log: (p: WaitProgress<string, S>) => void,
): Promise<S> {
  const strategy = waitStrategy();
  const poller = familyPoller(ctx, family, make, strategy);
  const l = learning(strategy.learns ? learnKey(ctx, family, w) : undefined, log);
  return l.learn(poller.wait(id, { ...opts, schedule: l.schedule, onProgress: l.onProgress }));
}

/**
 * Waits until an order (deal) is delivered; all resources of this process that wait at the same time share one
 * DescribeRedisDealDetail call per poll.
 * @internal
 */
export async function waitDeal(ctx: CallContext, dealId: string, w: WaitFor<DealKind>): Promise<api.DealDetail> {
  const fetch = async (ids: string[]) => {
    const { dealDetails } = await api.describeRedisDealDetail(ctx.client, { dealIds: ids });
    return new Map(dealDetails.map((d) => [d.dealId, d]));
  };
  const label = `deal ${dealId} (${w.what})`;
  const started = processClock().now();
  const deal = await waitOn(
    ctx,
    "deal",
    dealId,
    w,
    (shape) => createDealPoller<api.DealDetail>(fetch, { kind: "deal", action: "DescribeRedisDealDetail", ...shape }),
    {
      deadlineMs: ctx.waitDeadline(),
      label,
      timeoutHint: `raise ${ctx.waitBound?.() ?? "waitTimeoutSeconds"}; the next \`pulumi up\` resumes this wait without buying again`,
    },
    progressLogger<api.DealDetail>(ctx, label, (d) => `status ${d.status}`),
  );
  ctx.log(`${label} delivered after ${secondsSince(started)}`);
  return deal;
}

/**
 * Waits until a task (ModfiyRedisPassword, ClearRedis, ManualBackupInstance, RestoreInstance, ExportRedisBackup, ...)
 * finishes. DescribeTaskInfo takes one id, so the shared poller fans out one call per waiting task.
 * @internal
 */
export async function waitTask(ctx: CallContext, taskId: number | string, w: WaitFor<TaskKind>): Promise<TaskInfo> {
  const fetch = fanOutFetch((id: string) => api.describeTaskInfo(ctx.client, { requestId: Number(id) }));
  const label = `task ${taskId} (${w.what})`;
  const started = processClock().now();
  const task = await waitOn(
    ctx,
    "task",
    String(taskId),
    w,
    (shape) => createTaskPoller<TaskInfo>(fetch, { kind: "task", action: "DescribeTaskInfo", ...shape }),
    { deadlineMs: ctx.waitDeadline(), label },
    progressLogger<TaskInfo>(ctx, label, (t) => `status ${t.status}`),
  );
  ctx.log(`${label} finished after ${secondsSince(started)}`);
  return task;
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
  const poller = familyPoller(ctx, "instance", (shape) =>
    createInstancePoller<RedisView>((ids) => describeMany(ctx, ids), {
      kind: "instance",
      action: "DescribeRedis",
      ...shape,
    }),
  );
  return poller.wait(id, opts);
}
