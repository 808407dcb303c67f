import type * as pulumi from "@pulumi/pulumi";
import type * as api from "../api";
import { apiCalls, functionClient, type InputArgs, outputOf } from "../runtime/programContext";

/** Arguments of {@link getInstances}: DescribeRedis's filters (paging is done for you). */
export type GetInstancesArgs = Omit<api.DescribeRedisParams, "limit" | "offset">;

/** The result of {@link getInstances}. */
export interface GetInstancesResult {
  instances: api.RedisInstance[];
}

/**
 * The account's instances in the region (DescribeRedis, every page).
 * @param args - redisId, redisName, orderBy, orderType, vpcIds, unVpcIds, subnetIds, unSubnetIds, projectIds
 */
export async function getInstances(args: GetInstancesArgs = {}): Promise<GetInstancesResult> {
  const client = await functionClient();
  const instances = await (await import("../redis/reads/instanceReads.js")).collectPages(
    async (offset, limit) => {
      const page = await (await apiCalls()).describeRedis(client, { ...args, limit, offset });
      return { items: page.instances, total: page.totalCount };
    },
    (r) => r.redisId,
  );
  return { instances };
}

/**
 * {@link getInstances} as an Output.
 * @param args - DescribeRedis filters (Inputs)
 */
export function getInstancesOutput(args: InputArgs<GetInstancesArgs> = {}): pulumi.Output<GetInstancesResult> {
  return outputOf(getInstances, args);
}
