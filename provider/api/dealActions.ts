import { z } from "zod";
import type { CallOptions, CrsClient } from "./client";
import { compact, dealAnswer, envelope2017, num, optNum, optStr, priceAnswer, str } from "./schemaHelpers";

// ---------- DescribeRedisZones ----------

/** InquiryRedisPrice parameters. */
export interface InquiryRedisPriceParams {
  zoneId: number;
  /** 1 cluster, 2 standalone. */
  typeId: number;
  /** MB, a multiple of 1024. */
  memSize: number;
  goodsNum: number;
  /** Months: 1-12, 24, 36. */
  period: number;
}
/** A price in 0.01 CNY. */
export interface PriceResult {
  price: number;
}

/**
 * InquiryRedisPrice: price of buying or renewing.
 * @param client - CRS client
 * @param params - zoneId, typeId, memSize, goodsNum, period
 */
export function inquiryRedisPrice(
  client: CrsClient,
  params: InquiryRedisPriceParams,
  call?: CallOptions,
): Promise<PriceResult> {
  return client.call2017("InquiryRedisPrice", { ...params }, priceAnswer, call);
}

// ---------- CreateRedis ----------

/** CreateRedis parameters. */
export interface CreateRedisParams {
  zoneId: number;
  typeId: number;
  memSize: number;
  goodsNum: number;
  period: number;
  /** Secret: 8-16 characters of at least two kinds. */
  password: string;
  /** Legacy numeric VPC id (sent as `vpclId`, the document's spelling). */
  vpcId?: number;
  /** VPC id such as `vpc-kd7d06of` (sent as `unVpclId`, the document's spelling). */
  unVpcId?: string;
  subnetId?: number;
  unSubnetId?: string;
  projectId?: number;
}
/** An order id; wait for it with DescribeRedisDealDetail. */
export interface DealResult {
  dealId: string;
}

/**
 * CreateRedis: buys instances. Never retried once sent: a lost answer throws AmbiguousPurchaseError.
 * @param client - CRS client
 * @param params - zone, type, size, count, period, password, network, project
 */
export function createRedis(client: CrsClient, params: CreateRedisParams, call?: CallOptions): Promise<DealResult> {
  // The CreateRedis document spells the VPC parameters `unVpclId` and `vpclId` (its parameter table); callers keep
  // the usual field names, the wire carries the documented ones.
  const { unVpcId, vpcId, ...rest } = params;
  return client.call2017("CreateRedis", { ...rest, unVpclId: unVpcId, vpclId: vpcId }, dealAnswer, call);
}

// ---------- RenewRedis ----------

/** RenewRedis parameters. */
export interface RenewRedisParams {
  redisId: string;
  /** Months: 1-12, 24, 36. */
  period: number;
}

/**
 * RenewRedis: extends an instance's deadline (a purchase).
 * @param client - CRS client
 * @param params - redisId, period
 */
export function renewRedis(client: CrsClient, params: RenewRedisParams, call?: CallOptions): Promise<DealResult> {
  return client.call2017("RenewRedis", { ...params }, dealAnswer, call);
}

// ---------- UpgradeRedisInquiryPrice / UpgradeRedis ----------

/** UpgradeRedisInquiryPrice / UpgradeRedis parameters. */
export interface UpgradeRedisParams {
  redisId: string;
  /** New size in MB, larger than the current one. */
  memSize: number;
}

/**
 * UpgradeRedisInquiryPrice: price of an upgrade.
 * @param client - CRS client
 * @param params - redisId, memSize
 */
export function upgradeRedisInquiryPrice(
  client: CrsClient,
  params: UpgradeRedisParams,
  call?: CallOptions,
): Promise<PriceResult> {
  return client.call2017("UpgradeRedisInquiryPrice", { ...params }, priceAnswer, call);
}

/**
 * UpgradeRedis: grows an instance (a purchase).
 * @param client - CRS client
 * @param params - redisId, memSize
 */
export function upgradeRedis(client: CrsClient, params: UpgradeRedisParams, call?: CallOptions): Promise<DealResult> {
  return client.call2017("UpgradeRedis", { ...params }, dealAnswer, call);
}

// ---------- DescribeRedisDealDetail ----------

/** DescribeRedisDealDetail parameters. */
export interface DescribeRedisDealDetailParams {
  dealIds: string[];
}
/** What an order bought: the fields depend on the kind of order (create, renew, upgrade). */
export interface DealGoodsDetail {
  redisIds: string[];
  memSize?: number;
  timeSpan?: number;
  timeUnit?: string;
  curDeadline?: string;
  oldMemSize?: number;
  /** Documented as `newMemsize`; both spellings accepted. */
  newMemSize?: number;
}
/** One order. */
export interface DealDetail {
  dealId: string;
  dealName?: string;
  /** Documented as `zonId` in the table, `zoneId` in the examples. */
  zoneId?: number;
  goodsNum?: number;
  creator?: string;
  /** Documented as `creatTime` or `createTime`. */
  createTime?: string;
  overdueTime?: string;
  endTime?: string;
  /** 1 unpaid, 2 paid, 3 delivering, 4 delivered, 5-11 failed/closed, 12 paying. */
  status: number;
  description?: string;
  price?: number;
  goodsDetail: DealGoodsDetail;
}
/** DescribeRedisDealDetail result. */
export interface DescribeRedisDealDetailResult {
  dealDetails: DealDetail[];
}

const goodsDetail = z.looseObject({
  redisIds: z.array(str).optional(),
  memSize: optNum,
  timeSpan: optNum,
  timeUnit: optStr,
  curDeadline: optStr,
  oldMemSize: optNum,
  newMemsize: optNum,
  newMemSize: optNum,
});

const dealDetail = z.looseObject({
  dealId: str,
  dealName: optStr,
  zoneId: optNum,
  zonId: optNum,
  goodsNum: optNum,
  creator: optStr,
  creatTime: optStr,
  createTime: optStr,
  overdueTime: optStr,
  endTime: optStr,
  status: num,
  description: optStr,
  price: optNum,
  goodsDetail: goodsDetail.optional(),
});

/** @internal */
export const describeRedisDealDetailSchema = z
  .looseObject({ ...envelope2017, dealDetails: z.array(dealDetail).nullish() })
  .transform(
    (b): DescribeRedisDealDetailResult => ({
      dealDetails: (b.dealDetails ?? []).map((d) =>
        compact<DealDetail>({
          dealId: d.dealId,
          dealName: d.dealName,
          zoneId: d.zoneId ?? d.zonId,
          goodsNum: d.goodsNum,
          creator: d.creator,
          createTime: d.createTime ?? d.creatTime,
          overdueTime: d.overdueTime,
          endTime: d.endTime,
          status: d.status,
          description: d.description,
          price: d.price,
          goodsDetail: compact<DealGoodsDetail>({
            redisIds: d.goodsDetail?.redisIds ?? [],
            memSize: d.goodsDetail?.memSize,
            timeSpan: d.goodsDetail?.timeSpan,
            timeUnit: d.goodsDetail?.timeUnit,
            curDeadline: d.goodsDetail?.curDeadline,
            oldMemSize: d.goodsDetail?.oldMemSize,
            newMemSize: d.goodsDetail?.newMemSize ?? d.goodsDetail?.newMemsize,
          }),
        }),
      ),
    }),
  );

/**
 * DescribeRedisDealDetail: the state of many orders in one call (`dealIds.n`).
 * @param client - CRS client
 * @param params - dealIds
 */
export function describeRedisDealDetail(
  client: CrsClient,
  params: DescribeRedisDealDetailParams,
  call?: CallOptions,
): Promise<DescribeRedisDealDetailResult> {
  return client.call2017("DescribeRedisDealDetail", { dealIds: params.dealIds }, describeRedisDealDetailSchema, call);
}
