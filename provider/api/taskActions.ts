import { z } from "zod";
import type { CallOptions, CrsClient } from "./client";
import { compact, envelope2017, num, optNum, optStr } from "./schemaHelpers";

// ---------- DescribeTaskInfo ----------

/** DescribeTaskInfo parameters. */
export interface DescribeTaskInfoParams {
  /** The `requestId` a task-starting action returned. */
  requestId: number | string;
}
/** Task state: 0 waiting, 1 running, 2 done, 3 failed, -1 error. */
export interface TaskInfo {
  status: number;
}

const taskStatus = z.looseObject({ status: num });

/** @internal */
export const describeTaskInfoSchema = z
  .looseObject({
    ...envelope2017,
    // Documented as an array, shown as an object: both accepted.
    data: z.union([taskStatus, z.array(taskStatus).min(1)]),
  })
  .transform((b): TaskInfo => ({ status: (Array.isArray(b.data) ? b.data[0]! : b.data).status }));

/**
 * DescribeTaskInfo: the state of one task.
 * @param client - CRS client
 * @param params - requestId
 */
export function describeTaskInfo(
  client: CrsClient,
  params: DescribeTaskInfoParams,
  call?: CallOptions,
): Promise<TaskInfo> {
  return client.call2017("DescribeTaskInfo", { requestId: params.requestId }, describeTaskInfoSchema, call);
}

// ---------- GetRedisTaskList ----------

/** GetRedisTaskList parameters. */
export interface GetRedisTaskListParams {
  limit?: number;
  offset?: number;
  redisId?: string;
  redisName?: string;
  beginTime?: string;
  endTime?: string;
  /** 0 waiting, 1 running, 2 done, 3 failed, -1 error. */
  taskStatus?: number[];
  /** e.g. `task_backupInstance`, `task_restoreBackup`. */
  taskType?: string[];
}
/** One task of the list. */
export interface RedisTask {
  startTime?: string;
  taskName?: string;
  redisName?: string;
  redisId?: string;
  projectId?: number;
  status: number;
  /** 0 not finished, 1 finished. */
  progress?: number;
}
/** GetRedisTaskList result. */
export interface GetRedisTaskListResult {
  totalCount: number;
  tasks: RedisTask[];
}

const taskItem = z.looseObject({
  startTime: optStr,
  taskName: optStr,
  redisName: optStr,
  redisId: optStr,
  projectId: optNum,
  status: num,
  progress: optNum,
});

/** @internal */
export const getRedisTaskListSchema = z
  .looseObject({
    ...envelope2017,
    totalCount: num,
    data: z.looseObject({ redisTaskSet: z.array(taskItem).nullish() }).nullish(),
  })
  .transform(
    (b): GetRedisTaskListResult => ({
      totalCount: b.totalCount,
      tasks: (b.data?.redisTaskSet ?? []).map((t) =>
        compact<RedisTask>({
          startTime: t.startTime,
          taskName: t.taskName,
          redisName: t.redisName,
          redisId: t.redisId,
          projectId: t.projectId,
          status: t.status,
          progress: t.progress,
        }),
      ),
    }),
  );

/**
 * GetRedisTaskList: tasks, filtered by instance, time, status, type.
 * @param client - CRS client
 * @param params - paging and filters
 */
export function getRedisTaskList(
  client: CrsClient,
  params: GetRedisTaskListParams = {},
  call?: CallOptions,
): Promise<GetRedisTaskListResult> {
  return client.call2017(
    "GetRedisTaskList",
    { ...params, limit: params.limit ?? 20, offset: params.offset ?? 0 },
    getRedisTaskListSchema,
    call,
  );
}
