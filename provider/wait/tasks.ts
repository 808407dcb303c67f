import { BatchPoller, type BatchPollerOptions, type PollOutcome } from "./poller";

/** What the poller needs of a DescribeTaskInfo answer. */
export interface TaskStateLike {
  status: number;
}

/**
 * Task status of DescribeTaskInfo: 0 to be executed and 1 executing are pending, 2 succeeded, 3 failed and -1
 * execution error are failures. Unknown codes stay pending (the deadline bounds them).
 * @param status - `data.status`
 */
export function taskStatusClass(status: number): PollOutcome {
  if (status === 2) return "success";
  if (status === 3 || status === -1) return "failure";
  return "pending";
}

/**
 * A poller for tasks. DescribeTaskInfo takes one taskId, so `fetch` usually fans out one call per id: build it with
 * {@link fanOutFetch}, which reports per-id errors so one failing lookup does not hold up the others.
 * @param fetch - taskIds to their states
 * @param opts - schedule, clock, maxBatch (default 100), ...
 */
export function createTaskPoller<State extends TaskStateLike>(
  fetch: (taskIds: string[]) => Promise<Map<string, State>>,
  opts: Omit<BatchPollerOptions<string, State>, "fetch" | "classify"> = {},
): BatchPoller<string, State> {
  return new BatchPoller<string, State>({
    kind: "task",
    ...opts,
    fetch,
    classify: (s) => taskStatusClass(Number(s.status)),
  });
}
