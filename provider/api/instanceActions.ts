import { z } from "zod";
import type { CallOptions, CrsClient } from "./client";
import { compact, emptyAnswer, envelope2017, num, optNum, optStr, str, taskAnswer } from "./schemaHelpers";

/** A task id; wait for it with DescribeTaskInfo. */
export interface TaskResult {
  requestId: number;
}

// ---------- DescribeRedis ----------

/** DescribeRedis parameters: paging, filters, order. */
export interface DescribeRedisParams {
  /** Page length (default 20). */
  limit?: number;
  /**
   * Offset (default 0). The DescribeRedis table calls it the "current page number" while the other listings (and the
   * emulator) read it as a record offset; pageThrough (provider/wait/paging.ts) copes with both.
   */
  offset?: number;
  redisId?: string;
  redisName?: string;
  orderBy?: "redisId" | "projectId" | "createtime";
  /** 1 descending (service default), 0 ascending. */
  orderType?: 0 | 1;
  vpcIds?: number[];
  unVpcIds?: string[];
  subnetIds?: number[];
  unSubnetIds?: string[];
  projectIds?: (number | string)[];
}
/** One instance, numbers as numbers, `createTime` whatever the service called it. */
export interface RedisInstance {
  redisId: string;
  redisName: string;
  /** 0 initializing, 1 in process, 2 running, -2 isolated. */
  status: number;
  statusDesc?: string;
  appid?: number;
  projectId?: number;
  regionId?: number;
  zoneId?: number;
  vpcId?: number;
  unVpcId?: string;
  subnetId?: number;
  unSubnetId?: string;
  wanIp?: string;
  port?: number;
  createTime?: string;
  /** MB. */
  size?: number;
  sizeUsed?: number;
  typeId?: number;
  typeIdDesc?: string;
  /** 0 notify, 1 auto-renew, 2 neither. */
  autoRenewFlag?: number;
  deadlineTime?: string;
}
/** DescribeRedis result. */
export interface DescribeRedisResult {
  totalCount: number;
  instances: RedisInstance[];
}

const redisSetItem = z.looseObject({
  redisId: str,
  redisName: z.preprocess((v) => v ?? "", str),
  status: num,
  statusDesc: optStr,
  appid: optNum,
  projectId: optNum,
  regionId: optNum,
  zoneId: optNum,
  vpcId: optNum,
  unVpcId: optStr,
  subnetId: optNum,
  unSubnetId: optStr,
  wanIp: optStr,
  port: optNum,
  createtime: optStr,
  createTime: optStr,
  creatTime: optStr,
  size: optNum,
  sizeUsed: optNum,
  typeId: optNum,
  typeIdDesc: optStr,
  autoRenewFlag: optNum,
  deadlineTime: optStr,
});

/** @internal */
export const describeRedisSchema = z
  .looseObject({
    ...envelope2017,
    totalCount: num,
    // Required, not nullish: a null `data` or `redisSet` is a broken answer, never "no instances" (read that way, a
    // refresh would drop the resource and the next `pulumi up` would buy again). The client makes the refusal a
    // ResponseShapeError at `data` / `data.redisSet`; an empty account answers an empty `redisSet`.
    data: z.looseObject({ redisSet: z.array(redisSetItem) }),
  })
  .transform(
    (b): DescribeRedisResult => ({
      totalCount: b.totalCount,
      instances: b.data.redisSet.map((i) => {
        const { createtime, creatTime, createTime, ...rest } = i;
        const known: RedisInstance = {
          redisId: rest.redisId,
          redisName: rest.redisName,
          status: rest.status,
          statusDesc: rest.statusDesc,
          appid: rest.appid,
          projectId: rest.projectId,
          regionId: rest.regionId,
          zoneId: rest.zoneId,
          vpcId: rest.vpcId,
          unVpcId: rest.unVpcId,
          subnetId: rest.subnetId,
          unSubnetId: rest.unSubnetId,
          wanIp: rest.wanIp,
          port: rest.port,
          createTime: createTime ?? createtime ?? creatTime,
          size: rest.size,
          sizeUsed: rest.sizeUsed,
          typeId: rest.typeId,
          typeIdDesc: rest.typeIdDesc,
          autoRenewFlag: rest.autoRenewFlag,
          deadlineTime: rest.deadlineTime,
        };
        return compact(known);
      }),
    }),
  );

/**
 * DescribeRedis: instances matching the filters, one page.
 * @param client - CRS client
 * @param params - limit, offset, filters, order
 */
export function describeRedis(
  client: CrsClient,
  params: DescribeRedisParams = {},
  call?: CallOptions,
): Promise<DescribeRedisResult> {
  return client.call2017(
    "DescribeRedis",
    { ...params, limit: params.limit ?? 20, offset: params.offset ?? 0 },
    describeRedisSchema,
    call,
  );
}

// ---------- SetRedisAutoRenew ----------

/** SetRedisAutoRenew parameters. */
export interface SetRedisAutoRenewParams {
  redisIds: string[];
  /** 0 notify at expiry, 1 auto-renew, 2 neither. */
  isAutoRenew: number;
}

/**
 * SetRedisAutoRenew.
 * @param client - CRS client
 * @param params - redisIds, isAutoRenew
 */
export function setRedisAutoRenew(
  client: CrsClient,
  params: SetRedisAutoRenewParams,
  call?: CallOptions,
): Promise<void> {
  return client.call2017("SetRedisAutoRenew", { ...params }, emptyAnswer, call);
}

// ---------- ModifyRedisName ----------

/** ModifyRedisName parameters. */
export interface ModifyRedisNameParams {
  redisId: string;
  /** 1-36 letters, digits, `_` or `-`. */
  redisName: string;
}

/**
 * ModifyRedisName.
 * @param client - CRS client
 * @param params - redisId, redisName
 */
export function modifyRedisName(client: CrsClient, params: ModifyRedisNameParams, call?: CallOptions): Promise<void> {
  return client.call2017("ModifyRedisName", { ...params }, emptyAnswer, call);
}

// ---------- ModfiyRedisPassword (sic) ----------

/** ModfiyRedisPassword parameters (both passwords secret). */
export interface ModfiyRedisPasswordParams {
  redisId: string;
  oldPassword: string;
  password: string;
}

/**
 * ModfiyRedisPassword (the service's spelling): changes the password; fails with 10502 if `oldPassword` is wrong.
 * @param client - CRS client
 * @param params - redisId, oldPassword, password
 */
export function modfiyRedisPassword(
  client: CrsClient,
  params: ModfiyRedisPasswordParams,
  call?: CallOptions,
): Promise<TaskResult> {
  return client.call2017("ModfiyRedisPassword", { ...params }, taskAnswer, call);
}

// ---------- ResetRedisPassword ----------

/** ResetRedisPassword parameters. */
export interface ResetRedisPasswordParams {
  redisId: string;
  /** New password (secret). */
  password: string;
}

/**
 * ResetRedisPassword: sets a password without knowing the old one.
 * @param client - CRS client
 * @param params - redisId, password
 */
export function resetRedisPassword(
  client: CrsClient,
  params: ResetRedisPasswordParams,
  call?: CallOptions,
): Promise<TaskResult> {
  return client.call2017("ResetRedisPassword", { ...params }, taskAnswer, call);
}

// ---------- ClearRedis ----------

/** ClearRedis parameters. */
export interface ClearRedisParams {
  redisId: string;
  /** Instance password (secret). */
  password: string;
}

/**
 * ClearRedis: wipes the data.
 * @param client - CRS client
 * @param params - redisId, password
 */
export function clearRedis(client: CrsClient, params: ClearRedisParams, call?: CallOptions): Promise<TaskResult> {
  return client.call2017("ClearRedis", { ...params }, taskAnswer, call);
}

// ---------- ModifyRedisProject ----------

/** ModifyRedisProject parameters. */
export interface ModifyRedisProjectParams {
  redisIds: string[];
  projectId: number;
}

/**
 * ModifyRedisProject.
 * @param client - CRS client
 * @param params - redisIds, projectId
 */
export function modifyRedisProject(
  client: CrsClient,
  params: ModifyRedisProjectParams,
  call?: CallOptions,
): Promise<void> {
  return client.call2017("ModifyRedisProject", { ...params }, emptyAnswer, call);
}
