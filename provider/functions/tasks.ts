import type * as pulumi from "@pulumi/pulumi";
import type * as api from "../api";
import { apiCalls, functionClient, type InputArgs, outputOf } from "../runtime/programContext";

/** Arguments of {@link getTasks}: GetRedisTaskList's filters (paging is done for you). */
export interface GetTasksArgs {
  /** The instance whose tasks to list (all instances when absent). */
  instanceId?: string;
  instanceName?: string;
  /** e.g. `2026-12-01 00:00:00` (China Standard Time). */
  beginTime?: string;
  endTime?: string;
  /** 0 waiting, 1 running, 2 done, 3 failed, -1 error. */
  taskStatus?: number[];
  /** e.g. `task_backupInstance`, `task_restoreBackup`. */
  taskType?: string[];
}

/** The result of {@link getTasks}. */
export interface GetTasksResult {
  tasks: api.RedisTask[];
}

/**
 * Tasks of the account, or of one instance (GetRedisTaskList, every page), newest first.
 * @param args - instanceId, instanceName, beginTime, endTime, taskStatus, taskType
 */
export async function getTasks(args: GetTasksArgs = {}): Promise<GetTasksResult> {
  const client = await functionClient();
  const filters: api.GetRedisTaskListParams = {};
  if (args.instanceId !== undefined) filters.redisId = args.instanceId;
  if (args.instanceName !== undefined) filters.redisName = args.instanceName;
  if (args.beginTime !== undefined) filters.beginTime = args.beginTime;
  if (args.endTime !== undefined) filters.endTime = args.endTime;
  if (args.taskStatus !== undefined) filters.taskStatus = args.taskStatus;
  if (args.taskType !== undefined) filters.taskType = args.taskType;
  // A listed task has no id: its place in the listing (newest first) is its identity for paging.
  const tasks = await (await import("../redis/reads/instanceReads.js")).collectPages(
    async (offset, limit) => {
      const page = await (await apiCalls()).getRedisTaskList(client, { ...filters, limit, offset });
      return { items: page.tasks.map((t, i) => ({ t, n: offset + i })), total: page.totalCount };
    },
    (x) => String(x.n),
  );
  return { tasks: tasks.map((x) => x.t) };
}

/**
 * {@link getTasks} as an Output.
 * @param args - GetRedisTaskList filters (Inputs)
 */
export function getTasksOutput(args: InputArgs<GetTasksArgs> = {}): pulumi.Output<GetTasksResult> {
  return outputOf(getTasks, args);
}
