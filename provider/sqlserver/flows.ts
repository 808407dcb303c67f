import * as api from "../api";
import type { CallContext } from "../runtime/context";
import { BatchPoller, fanOutFetch, pollerKey, sharedPoller } from "../wait";

/** DescribeFlowStatus: 0 success, 1 failure, 2 running. @internal */
export function flowStatusClass(status: number): "pending" | "success" | "failure" {
  return status === 0 ? "success" : status === 1 ? "failure" : "pending";
}

/** One shared poller for SQL Server flows in this process (one DescribeFlowStatus per flow and poll). @internal */
export function createFlowPoller(ctx: CallContext): BatchPoller<string, { status: number }> {
  const key = pollerKey(
    "flow",
    ctx.settings.endpoints.sqlserver3,
    ctx.settings.credentials.secretId,
    ctx.settings.region,
  );
  return sharedPoller(
    key,
    () =>
      new BatchPoller<string, { status: number }>({
        fetch: fanOutFetch(async (id) => api.describeFlowStatus(ctx.client, { flowId: Number(id) })),
        classify: (s) => flowStatusClass(Number(s.status)),
        kind: "flow",
      }),
  );
}
