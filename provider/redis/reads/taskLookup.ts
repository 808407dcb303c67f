import * as api from "../../api";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import type { CallContext } from "../../runtime/context";
import { pollFor } from "../../wait/pollFor";
import { formatCrsTime, parseCrsTime } from "./time";

/** Task types of GetRedisTaskList for the instance tasks whose lost answer must not lead to a second send. */
export type LookedForTask = "task_restoreBackup" | "task_cleanInstance";

/** CRS times have whole seconds and the two clocks differ a little: a task may seem to start just before we sent. */
const CLOCK_SLACK_MS = 60_000;
/** How long a committed task may take to show in the list after the lost answer. */
const APPEAR_MS = 10_000;
const POLL_MS = 1_000;

/**
 * After an ambiguous send of a task-starting action (its answer was lost), finds the task through GetRedisTaskList
 * and waits for it: "done" when one of that type started on the instance since `sentAt` finished, "absent" when none
 * appeared (the action was not carried out, so it can be sent again). A failed task is an error.
 * @internal
 */
export async function lookForTask(
  ctx: CallContext,
  redisId: string,
  taskType: LookedForTask,
  sentAt: number,
): Promise<"done" | "absent"> {
  const appearBy = processClock().now() + APPEAR_MS;
  const probe = async (): Promise<{ value: "done" | "absent" } | undefined> => {
    const { tasks } = await api.getRedisTaskList(ctx.client, {
      redisId,
      taskType: [taskType],
      beginTime: formatCrsTime(sentAt - CLOCK_SLACK_MS),
      limit: 20,
    });
    const task = tasks.find((t) => (parseCrsTime(t.startTime) ?? 0) >= sentAt - CLOCK_SLACK_MS);
    if (task?.status === 2) return { value: "done" };
    if (task && (task.status === 3 || task.status === -1)) {
      throw new ProviderError(
        `the ${taskType} task of ${redisId} started at ${task.startTime} failed (status ${task.status})`,
      );
    }
    return !task && processClock().now() >= appearBy ? { value: "absent" } : undefined;
  };
  const found = await pollFor(probe, { everyMs: POLL_MS, deadlineMs: ctx.waitDeadline() });
  if (!found) throw new ProviderError(`the ${taskType} task of ${redisId} did not finish in time`);
  return found.value;
}
