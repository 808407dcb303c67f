import type * as pulumi from "@pulumi/pulumi";
import type * as api from "../api";
import { apiCalls, functionClient, type InputArgs, outputOf } from "../runtime/programContext";

/** The result of {@link getZones}. */
export interface GetZonesResult {
  /** Zones where the account may buy Redis (DescribeRedisZones). */
  zones: api.RedisZone[];
}

/** Zones where Redis can be bought (DescribeRedisZones). */
export async function getZones(): Promise<GetZonesResult> {
  const { zones } = await (await apiCalls()).describeRedisZones(await functionClient());
  return { zones };
}

/** {@link getZones} as an Output. */
export function getZonesOutput(): pulumi.Output<GetZonesResult> {
  return outputOf(getZones, {});
}

/** Arguments of {@link getProducts}. */
export interface GetProductsArgs {
  /** Only these zones (all when absent). */
  zoneIds?: number[];
  /** 1 cluster, 2 standalone, 0 or absent both. */
  typeId?: number;
}

/** The result of {@link getProducts}. */
export interface GetProductsResult {
  /** Per zone, the types on sale with their size range in MB and how many one order may buy. */
  zones: api.RedisProductZone[];
}

/**
 * The specifications on sale (DescribeRedisProduct).
 * @param args - zoneIds, typeId
 */
export async function getProducts(args: GetProductsArgs = {}): Promise<GetProductsResult> {
  const params: api.DescribeRedisProductParams = {};
  if (args.zoneIds !== undefined) params.zoneIds = args.zoneIds;
  if (args.typeId !== undefined) params.typeId = args.typeId;
  const { zones } = await (await apiCalls()).describeRedisProduct(await functionClient(), params);
  return { zones };
}

/**
 * {@link getProducts} as an Output.
 * @param args - zoneIds, typeId (Inputs)
 */
export function getProductsOutput(args: InputArgs<GetProductsArgs> = {}): pulumi.Output<GetProductsResult> {
  return outputOf(getProducts, args);
}
