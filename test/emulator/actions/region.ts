import { checkPeriod, checkSpec, ZONES } from "../catalog";
import { moduleError } from "../moduleError";
import { list, optInt, reqInt } from "../params";
import { orderPrice } from "../pricing";
import type { Handler } from "./types";

/** DescribeRedisZones: zone id -> name, one object per zone as the example prints. */
export const describeRedisZones: Handler = () => ({
  data: { zones: ZONES.map((z) => ({ [String(z.zoneId)]: z.name })) },
});

/** DescribeRedisProduct: specs per zone, filtered by zoneIds.n (or the example's single zonedId) and typeId (0 = both). */
export const describeRedisProduct: Handler = (_e, p) => {
  const zoneIds = [...list(p, "zoneIds"), ...(p.zonedId !== undefined ? [p.zonedId] : [])].map(Number);
  const typeId = optInt(p, "typeId", 0);
  if (![0, 1, 2].includes(typeId)) throw moduleError(11201, `typeId ${typeId} is not 0, 1 or 2`);
  const data = ZONES.filter((z) => zoneIds.length === 0 || zoneIds.includes(z.zoneId)).map((z) => ({
    zoneId: z.zoneId,
    name: z.name,
    types: Object.fromEntries(z.types.filter((t) => typeId === 0 || t.type === typeId).map((t) => [String(t.type), t])),
  }));
  return { data };
};

/** InquiryRedisPrice: buying or renewing, by the rule CreateRedis and RenewRedis charge (pricing.ts). */
export const inquiryRedisPrice: Handler = (_e, p) => {
  const zoneId = reqInt(p, "zoneId", "zonedId");
  const typeId = reqInt(p, "typeId");
  const memSize = reqInt(p, "memSize");
  const goodsNum = reqInt(p, "goodsNum");
  const period = reqInt(p, "period");
  const spec = checkSpec(zoneId, typeId, memSize);
  if (goodsNum < spec.minBuyNum || goodsNum > spec.maxBuyNum)
    throw moduleError(11064, `goodsNum ${goodsNum} not in [${spec.minBuyNum}, ${spec.maxBuyNum}]`);
  checkPeriod(period);
  return { data: { price: orderPrice(typeId, memSize, period, goodsNum) } };
};
