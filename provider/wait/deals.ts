import { BatchPoller, type BatchPollerOptions, type PollOutcome } from "./poller";

/** What the poller needs of a DescribeRedisDealDetail entry. */
export interface DealStateLike {
  status: number;
}

/**
 * Order status of DescribeRedisDealDetail: 4 delivered; 5 delivery failed, 6 refunded, 7 closed, 8 expired,
 * 9 invalidated, 10 product invalidated, 11 agent payment rejected; 1 unpaid, 2 paid, 3 delivering and 12 payment in
 * progress are pending. Unknown codes stay pending: the deadline bounds them, a false failure would not be undone.
 * @param status - `dealDetails.status`
 */
export function dealStatusClass(status: number): PollOutcome {
  if (status === 4) return "success";
  if (status >= 5 && status <= 11) return "failure";
  return "pending";
}

/**
 * A poller for orders; `fetch` should be one DescribeRedisDealDetail call with every id (`dealIds.n`).
 * @param fetch - dealIds to their states; ids not yet visible may be left out
 * @param opts - schedule, clock, maxBatch (default 100), ...
 */
export function createDealPoller<State extends DealStateLike>(
  fetch: (dealIds: string[]) => Promise<Map<string, State>>,
  opts: Omit<BatchPollerOptions<string, State>, "fetch" | "classify"> = {},
): BatchPoller<string, State> {
  return new BatchPoller<string, State>({
    kind: "deal",
    ...opts,
    fetch,
    classify: (s) => dealStatusClass(Number(s.status)),
  });
}
