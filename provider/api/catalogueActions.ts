import { z } from "zod";
import type { CallOptions, CrsClient } from "./client";
import { envelope2017, num } from "./schemaHelpers";

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
