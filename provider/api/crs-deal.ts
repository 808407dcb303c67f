import { z } from "zod";
import type { CallOptions, CrsClient } from "./client";
import { compact, dealAnswer, envelope2017, num, optNum, optStr, priceAnswer, str } from "./schemaHelpers";

// ---------- DescribeRedisZones ----------

/** One zone where Redis can be bought. */
export interface RedisZone {
  zoneId: number;
  name: string;
}
/** DescribeRedisZones result. */
export interface DescribeRedisZonesResult {
  zones: RedisZone[];
}

/** @internal */
export const describeRedisZonesSchema = z
  .looseObject({
    ...envelope2017,
    // Documented as a list of one-entry maps; a single map is accepted too.
    data: z.looseObject({
      zones: z.union([z.array(z.record(z.string(), z.string())), z.record(z.string(), z.string())]),
    }),
  })
  .transform((b): DescribeRedisZonesResult => {
    const maps = Array.isArray(b.data.zones) ? b.data.zones : [b.data.zones];
    return { zones: maps.flatMap((m) => Object.entries(m).map(([id, name]) => ({ zoneId: Number(id), name }))) };
  });

/**
 * DescribeRedisZones: zones where the caller may buy Redis.
 * @param client - CRS client
 */
export function describeRedisZones(
  client: CrsClient,
  _params: Record<string, never> = {},
  call?: CallOptions,
): Promise<DescribeRedisZonesResult> {
  return client.call2017("DescribeRedisZones", {}, describeRedisZonesSchema, call);
}

// ---------- DescribeRedisProduct ----------

/** DescribeRedisProduct parameters. */
export interface DescribeRedisProductParams {
  zoneIds?: (number | string)[];
  /** 1 cluster, 2 standalone, 0 both. */
  typeId?: number;
}
/** A sellable specification of one instance type in one zone. */
export interface RedisProductType {
  type: number;
  typeName: string;
  minMemSize: number;
  maxMemSize: number;
  minBuyNum: number;
  maxBuyNum: number;
}
/** The specifications of one zone. */
export interface RedisProductZone {
  zoneId: number;
  name: string;
  /** By type id (`"1"`, `"2"`). */
  types: Record<string, RedisProductType>;
}
/** DescribeRedisProduct result. */
export interface DescribeRedisProductResult {
  zones: RedisProductZone[];
}

const productType = z.looseObject({
  type: num,
  typeName: z.string(),
  minMemSize: num,
  maxMemSize: num,
  minBuyNum: num,
  maxBuyNum: num,
});

/** @internal */
export const describeRedisProductSchema = z
  .looseObject({
    ...envelope2017,
    data: z.array(z.looseObject({ zoneId: num, name: z.string(), types: z.record(z.string(), productType) })),
  })
  .transform(
    (b): DescribeRedisProductResult => ({
      zones: b.data.map((zn) => ({
        zoneId: zn.zoneId,
        name: zn.name,
        types: Object.fromEntries(
          Object.entries(zn.types).map(([k, t]) => [
            k,
            {
              type: t.type,
              typeName: t.typeName,
              minMemSize: t.minMemSize,
              maxMemSize: t.maxMemSize,
              minBuyNum: t.minBuyNum,
              maxBuyNum: t.maxBuyNum,
            },
          ]),
        ),
      })),
    }),
  );

/**
 * DescribeRedisProduct: specifications that can be bought.
 * @param client - CRS client
 * @param params - zoneIds, typeId
 */
export function describeRedisProduct(
  client: CrsClient,
  params: DescribeRedisProductParams = {},
  call?: CallOptions,
): Promise<DescribeRedisProductResult> {
  return client.call2017(
    "DescribeRedisProduct",
    { zoneIds: params.zoneIds, typeId: params.typeId },
    describeRedisProductSchema,
    call,
  );
}

// ---------- InquiryRedisPrice ----------

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
