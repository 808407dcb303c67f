/*
 * Where the CRS waits live: a deal until it is delivered (DescribeRedisDealDetail), a task until it finishes
 * (DescribeTaskInfo), an instance until it runs (DescribeRedis), each on the process's shared poller (wait/), with the
 * schedule learnt for its kind.
 */

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
  fanOutFetch,
  firstPollNow,
  learnedEstimate,
  learningSchedule,
  type PollSchedule,
  pollerKey,
  recordWaitSample,
  sharedPoller,
  type WaitOptions,
  type WaitProgress,
  waitStatsVersion,
} from "../wait";
import { key, pollerMode } from "./cloudScope";
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
  w: WaitFor<string>,
  make: (shape: PollerShape) => BatchPoller<string, S>,
  opts: Omit<WaitOptions<string, S>, "schedule" | "onProgress">,
  log: (p: WaitProgress<string, S>) => void,
): Promise<S> {
  if (pollerMode() === "anchor") {
    const poller = sharedPoller(key(ctx, `${family}-anchor`), () => make({ schedule: anchorSchedule(), ...PER_ID }));
    return poller.wait(id, { ...opts, onProgress: log });
  }
  const poller = sharedPoller(key(ctx, family), () => make({}));
  const l = learning(learnKey(ctx, family, w), log);
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
  const started = Date.now();
  const deal = await waitOn(
    ctx,
    "deal",
    dealId,
    w,
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

/**
 * Waits until a task (ModfiyRedisPassword, ClearRedis, ManualBackupInstance, RestoreInstance, ExportRedisBackup, ...)
 * finishes. DescribeTaskInfo takes one id, so the shared poller fans out one call per waiting task.
 * @internal
 */
export async function waitTask(ctx: CallContext, taskId: number | string, w: WaitFor<TaskKind>): Promise<TaskInfo> {
  const fetch = fanOutFetch((id: string) => api.describeTaskInfo(ctx.client, { requestId: Number(id) }));
  const label = `task ${taskId} (${w.what})`;
  const started = Date.now();
  const task = await waitOn(
    ctx,
    "task",
    String(taskId),
    w,
    (shape) => createTaskPoller<TaskInfo>(fetch, { kind: "task", ...shape }),
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
