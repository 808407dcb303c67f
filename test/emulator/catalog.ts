import { moduleError } from "./moduleError";

/**
 * Zones and specifications, taken from the document's use-case example. What is not on sale, for tests: zone
 * 100003 (listed, no type), type 1 in 300001 (standalone only), standalone above 40960 MB in 300001 (the static
 * rule allows 61440), zone 100001 (not listed).
 * @internal
 */
export interface TypeSpec {
  type: number;
  typeName: string;
  minMemSize: number;
  maxMemSize: number;
  minBuyNum: number;
  maxBuyNum: number;
}

const cluster = (max: number): TypeSpec => ({
  type: 1,
  typeName: "Cluster",
  minMemSize: 1024,
  maxMemSize: max,
  minBuyNum: 1,
  maxBuyNum: 10,
});
const standalone = (max: number): TypeSpec => ({
  type: 2,
  typeName: "Standalone",
  minMemSize: 1024,
  maxMemSize: max,
  minBuyNum: 1,
  maxBuyNum: 10,
});

export const ZONES: { zoneId: number; name: string; types: TypeSpec[] }[] = [
  { zoneId: 100002, name: "Guangzhou Zone 2", types: [cluster(204800), standalone(512000)] },
  { zoneId: 200001, name: "Shanghai Zone 1", types: [cluster(204800), standalone(204800)] },
  { zoneId: 300001, name: "Hong Kong Zone 1", types: [standalone(40960)] },
  { zoneId: 400001, name: "North America Zone 1", types: [standalone(204800)] },
  // Listed by DescribeRedisZones but sold out: DescribeRedisProduct has no type there (tests of "not on sale").
  { zoneId: 100003, name: "Guangzhou Zone 3", types: [] },
];

/** Region id reported by DescribeRedis for a zone (1 Guangzhou, 4 Shanghai, 5 Hong Kong, 15 North America). */
export function regionOf(zoneId: number): number {
  return ({ 100002: 1, 100003: 1, 200001: 4, 300001: 5, 400001: 15 } as Record<number, number>)[zoneId] ?? 1;
}

export const PERIODS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36];

/** Validates zone/type/memSize (the document's 10000, 11062, 11053, 10703, 11063 rules) and returns the spec. */
export function checkSpec(zoneId: number, typeId: number, memSize: number): TypeSpec {
  if (typeId !== 1 && typeId !== 2) throw moduleError(11053, `typeId ${typeId} is not 1 (cluster) or 2 (standalone)`);
  const zone = ZONES.find((z) => z.zoneId === zoneId);
  if (!zone) throw moduleError(10000, `no Redis service in zone ${zoneId}`);
  const spec = zone.types.find((t) => t.type === typeId);
  if (!spec) throw moduleError(11062, `no Redis service of type ${typeId} in zone ${zoneId}`);
  if (memSize <= 0 || memSize % 1024 !== 0) throw moduleError(10703, `memSize ${memSize} is not a multiple of 1024`);
  if (memSize < spec.minMemSize || memSize > spec.maxMemSize)
    throw moduleError(11063, `memSize ${memSize} not in [${spec.minMemSize}, ${spec.maxMemSize}]`);
  return spec;
}

/** Validates a period in months (11066 below 1, 11065 above 36 or not in the documented list). */
export function checkPeriod(period: number): void {
  if (period < 1) throw moduleError(11066, `period ${period} is less than 1`);
  if (!PERIODS.includes(period)) throw moduleError(11065, `period ${period} is not one of ${PERIODS.join(",")}`);
}
