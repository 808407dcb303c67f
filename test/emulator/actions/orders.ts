import { randomBytes } from "node:crypto";
import { checkPeriod, checkSpec, regionOf } from "../catalog";
import { addMonths, formatTime } from "../clock";
import type { Engine } from "../engine";
import { moduleError } from "../moduleError";
import { list, optInt, optStr, reqInt, reqStr } from "../params";
import { checkPassword } from "../passwordRule";
import { orderPrice, upgradePrice } from "../pricing";
import type { DealRec, InstanceRec } from "../state";
import type { Handler } from "./types";

function newRedisId(e: Engine): string {
  for (;;) {
    const id = `crs-${randomBytes(6)
      .toString("base64url")
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 8)
      .padEnd(8, "0")}`;
    if (!e.state.instances.some((i) => i.redisId === id)) return id;
  }
}

/** CreateRedis: validates the order, creates goodsNum instances (status 1 until the deal is delivered). */
export const createRedis: Handler = async (e, p) => {
  const zoneId = reqInt(p, "zoneId");
  const typeId = reqInt(p, "typeId");
  const memSize = reqInt(p, "memSize");
  const goodsNum = reqInt(p, "goodsNum");
  const period = reqInt(p, "period");
  const password = checkPassword(p.password);
  const spec = checkSpec(zoneId, typeId, memSize);
  if (goodsNum < spec.minBuyNum || goodsNum > spec.maxBuyNum)
    throw moduleError(11064, `goodsNum ${goodsNum} not in [${spec.minBuyNum}, ${spec.maxBuyNum}]`);
  checkPeriod(period);
  // The document's spelling (documentedParams.ts refuses unVpcId / vpcId before this runs).
  const unVpcId = optStr(p, "unVpclId") ?? "";
  const unSubnetId = optStr(p, "unSubnetId") ?? "";
  const vpcId = optInt(p, "vpclId", 0);
  const subnetId = optInt(p, "subnetId", 0);
  if ((unVpcId !== "" && unSubnetId === "") || (vpcId !== 0 && subnetId === 0 && unSubnetId === ""))
    throw moduleError(11054, "a VPC instance needs a subnet (unSubnetId)");
  const projectId = optInt(p, "projectId", 0);
  const now = e.now();
  const instances: InstanceRec[] = [];
  for (let i = 0; i < goodsNum; i++) {
    const redisId = newRedisId(e);
    instances.push({
      redisId,
      redisName: redisId,
      appid: 1251000000,
      projectId,
      regionId: regionOf(zoneId),
      zoneId,
      typeId,
      vpcId,
      unVpcId,
      subnetId,
      unSubnetId,
      memSize,
      password,
      status: 1,
      createTime: now,
      deadline: addMonths(now, period),
      autoRenew: 0,
      port: 0,
      lockedBy: null,
    });
  }
  e.state.instances.push(...instances);
  const deal = e.newDeal({
    kind: "create",
    zoneId,
    goodsNum,
    price: orderPrice(typeId, memSize, period, goodsNum),
    redisIds: instances.map((i) => i.redisId),
    memSize,
    timeSpan: period,
    curDeadline: null,
    oldMemSize: null,
    newMemSize: null,
  });
  for (const inst of instances) inst.lockedBy = `deal ${deal.dealId}`;
  // Start the servers now, outside the answer: the cloud takes purchases concurrently, and an emulator that spawned
  // a redis-server inside its serial section would take ~15 purchases/s and distort every benchmark. The deal is
  // delivered only once its servers answer (applyDeal waits for them).
  for (const inst of instances) e.startServer(inst);
  return { data: { dealId: deal.dealId } };
};

/** RenewRedis: an order that moves the deadline by `period` months when delivered. */
export const renewRedis: Handler = (e, p) => {
  const redisId = reqStr(p, "redisId");
  const period = reqInt(p, "period");
  const inst = e.instance(redisId);
  checkPeriod(period);
  if (inst.lockedBy?.startsWith("deal ")) throw moduleError(11056, `instance ${redisId} is locked by ${inst.lockedBy}`);
  const deal = e.newDeal({
    kind: "renew",
    zoneId: inst.zoneId,
    goodsNum: 1,
    price: orderPrice(inst.typeId, inst.memSize, period),
    redisIds: [redisId],
    memSize: inst.memSize,
    timeSpan: period,
    curDeadline: inst.deadline,
    oldMemSize: null,
    newMemSize: null,
  });
  return { data: { dealId: deal.dealId } };
};

function upgradeCheck(e: Engine, redisId: string, memSize: number): { inst: InstanceRec; price: number } {
  const inst = e.instance(redisId);
  if (inst.status !== 2) throw moduleError(10702, `instance ${redisId} is not running (status ${inst.status})`);
  if (memSize <= 0 || memSize % 1024 !== 0) throw moduleError(10703, `memSize ${memSize} is not a multiple of 1024`);
  if (memSize < inst.memSize) throw moduleError(11057, `memSize ${memSize} is less than the current ${inst.memSize}`);
  checkSpec(inst.zoneId, inst.typeId, memSize);
  if (memSize === inst.memSize) throw moduleError(11063, `memSize ${memSize} must be greater than the current size`);
  // The quote and the charge are one computation, at the emulator's clock.
  return { inst, price: upgradePrice(inst.typeId, inst.memSize, memSize, inst.deadline, e.now()) };
}

/** UpgradeRedisInquiryPrice. */
export const upgradeRedisInquiryPrice: Handler = (e, p) => {
  const { price } = upgradeCheck(e, reqStr(p, "redisId"), reqInt(p, "memSize"));
  return { data: { price } };
};

/** UpgradeRedis: an order that raises memSize (and the server's maxmemory) when delivered; no shrinking. */
export const upgradeRedis: Handler = (e, p) => {
  const memSize = reqInt(p, "memSize");
  const { inst, price } = upgradeCheck(e, reqStr(p, "redisId"), memSize);
  if (inst.lockedBy !== null) throw moduleError(10707, `instance ${inst.redisId} is locked by ${inst.lockedBy}`);
  const deal = e.newDeal({
    kind: "upgrade",
    zoneId: inst.zoneId,
    goodsNum: 1,
    price,
    redisIds: [inst.redisId],
    memSize,
    timeSpan: 0,
    curDeadline: null,
    oldMemSize: inst.memSize,
    newMemSize: memSize,
  });
  inst.lockedBy = `deal ${deal.dealId}`;
  return { data: { dealId: deal.dealId } };
};

const DESCRIPTION: Record<number, string> = { 2: "Paid, undelivered", 3: "Delivering", 4: "Delivery succeeded" };

function goodsDetail(d: DealRec): Record<string, unknown> {
  if (d.kind === "upgrade") return { oldMemSize: d.oldMemSize, newMemsize: d.newMemSize, redisIds: d.redisIds };
  const base = { memSize: d.memSize, timeSpan: d.timeSpan, timeUnit: "m", redisIds: d.redisIds };
  return d.kind === "renew" ? { curDeadline: formatTime(d.curDeadline ?? 0), ...base } : base;
}

/** DescribeRedisDealDetail: many dealIds.n at once; 11059 names the first unknown id. */
export const describeRedisDealDetail: Handler = (e, p) => {
  const ids = list(p, "dealIds");
  if (ids.length === 0) throw moduleError(11201, "dealIds.n is required");
  const deals = ids.map((id) => {
    const d = e.state.deals.find((x) => x.dealId === id);
    if (!d) throw moduleError(11059, `deal ${id} does not exist`);
    return d;
  });
  return {
    dealDetails: deals.map((d) => {
      const status = e.dealStatus(d);
      return {
        dealId: d.dealId,
        dealName: d.dealName,
        zoneId: d.zoneId,
        goodsNum: d.goodsNum,
        creator: "3227991405",
        creatTime: formatTime(d.createTime),
        overdueTime: formatTime(d.createTime + 15 * 86_400_000),
        endTime: d.endTime === null ? "0000-00-00 00:00:00" : formatTime(d.endTime),
        status,
        description: DESCRIPTION[status] ?? "",
        price: d.price,
        goodsDetail: goodsDetail(d),
      };
    }),
  };
};
