import { BatchPoller, type BatchPollerOptions, type PollOutcome } from "./poller";

/** What the poller needs of a DescribeRedis `redisSet` entry. */
export interface InstanceStateLike {
  status: number;
}

/**
 * Instance status of DescribeRedis: 2 running is the goal; 0 to be initialized and 1 in process are pending;
 * negative codes (-2 isolated, and the "deleted" states) will not become running by waiting, so they fail.
 * @param status - `redisSet.status`
 */
export function instanceStatusClass(status: number): PollOutcome {
  if (status === 2) return "success";
  if (status < 0) return "failure";
  return "pending";
}

/**
 * A poller that waits for instances to be running; `fetch` should page through DescribeRedis filtered by the ids
 * (`redisIds.n`). An instance not listed yet (just bought) stays pending.
 * @param fetch - redisIds to their states
 * @param opts - schedule, clock, maxBatch (default 100, DescribeRedis's page limit), and `classify` to wait for
 *   another target state
 */
export function createInstancePoller<State extends InstanceStateLike>(
  fetch: (redisIds: string[]) => Promise<Map<string, State>>,
  opts: Omit<BatchPollerOptions<string, State>, "fetch" | "classify"> & {
    classify?: (state: State) => PollOutcome;
  } = {},
): BatchPoller<string, State> {
  return new BatchPoller<string, State>({
    kind: "instance",
    ...opts,
    fetch,
    classify: opts.classify ?? ((s) => instanceStatusClass(Number(s.status))),
  });
}
