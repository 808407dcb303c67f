import { formatTime } from "../clock";
import type { Engine } from "../engine";
import { moduleError } from "../moduleError";
import { list, optInt, optStr, reqInt, reqStr } from "../params";
import { redisCommands } from "../resp";
import type { InstanceRec } from "../state";
import type { Handler } from "./types";

const STATUS_DESC: Record<number, string> = { 0: "To be initialized", 1: "In process", 2: "Running", [-2]: "Isolated" };

async function sizeUsed(inst: InstanceRec, e: Engine): Promise<number> {
  if (inst.port === 0 || !e.redis.isRunning(inst.redisId)) return 0;
  try {
    const info = await redisCommands(inst.port, inst.password, [["INFO", "memory"]], 1000);
    const m = typeof info === "string" ? /used_memory:(\d+)/.exec(info) : null;
    return m ? Math.round(Number(m[1]) / 1048576) : 0;
  } catch {
    return 0;
  }
}

/**
 * DescribeRedis. `offset` is a record offset (as GetRedisBackupList defines it), `limit` defaults to 20 when absent;
 * numbers are strings where the document's example prints strings.
 */
export const describeRedis: Handler = async (e, p) => {
  const limit = optInt(p, "limit", 20);
  const offset = optInt(p, "offset", 0);
  if (limit < 0) throw moduleError(11201, "limit must be >= 0");
  if (offset < 0) throw moduleError(11201, "offset must be >= 0");
  const redisId = optStr(p, "redisId");
  const redisName = optStr(p, "redisName");
  const projectIds = list(p, "projectIds").map(Number);
  const vpcIds = list(p, "vpcIds").map(Number);
  const unVpcIds = list(p, "unVpcIds");
  const subnetIds = list(p, "subnetIds").map(Number);
  const unSubnetIds = list(p, "unSubnetIds");
  const orderBy = optStr(p, "orderBy") ?? "createtime";
  if (!["redisId", "projectId", "createtime", "createTime"].includes(orderBy))
    throw moduleError(11201, `orderBy ${orderBy} is not redisId, projectId or createtime`);
  const orderType = optInt(p, "orderType", 1);
  const rows = e.state.instances.filter(
    (i) =>
      (redisId === undefined || redisId === "" || i.redisId === redisId) &&
      (redisName === undefined || redisName === "" || i.redisName === redisName) &&
      (projectIds.length === 0 || projectIds.includes(i.projectId)) &&
      (vpcIds.length === 0 || vpcIds.includes(i.vpcId)) &&
      (unVpcIds.length === 0 || unVpcIds.includes(i.unVpcId)) &&
      (subnetIds.length === 0 || subnetIds.includes(i.subnetId)) &&
      (unSubnetIds.length === 0 || unSubnetIds.includes(i.unSubnetId)),
  );
  const key = (i: InstanceRec): string | number =>
    orderBy === "redisId" ? i.redisId : orderBy === "projectId" ? i.projectId : i.createTime;
  rows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.redisId.localeCompare(b.redisId);
    return orderType === 0 ? c : -c;
  });
  const page = rows.slice(offset, offset + limit);
  const redisSet = await Promise.all(
    page.map(async (i) => ({
      redisName: i.redisName,
      redisId: i.redisId,
      appid: String(i.appid),
      projectId: String(i.projectId),
      regionId: String(i.regionId),
      zoneId: String(i.zoneId),
      vpcId: i.vpcId,
      unVpcId: i.unVpcId,
      subnetId: i.subnetId,
      unSubnetId: i.unSubnetId,
      status: String(i.status),
      statusDesc: STATUS_DESC[i.status] ?? "",
      wanIp: "127.0.0.1",
      port: String(i.port),
      createTime: formatTime(i.createTime),
      size: String(i.memSize),
      sizeUsed: String(await sizeUsed(i, e)),
      typeId: String(i.typeId),
      typeIdDesc: i.typeId === 1 ? "Cluster" : "Standalone",
      autoRenewFlag: i.autoRenew,
      deadlineTime: formatTime(i.deadline),
    })),
  );
  return { totalCount: rows.length, data: { redisSet } };
};

/** SetRedisAutoRenew: 0, 1 or 2 for every redisIds.n. */
export const setRedisAutoRenew: Handler = (e, p) => {
  const ids = list(p, "redisIds");
  if (ids.length === 0) throw moduleError(11201, "redisIds.n is required");
  const flag = reqInt(p, "isAutoRenew");
  if (![0, 1, 2].includes(flag)) throw moduleError(11060, `isAutoRenew ${flag} is not 0, 1 or 2`);
  const insts = ids.map((id) => e.instance(id));
  for (const i of insts) if (i.status === -2) throw moduleError(11061, `instance ${i.redisId} is isolated`);
  for (const i of insts) i.autoRenew = flag;
  return {};
};

/** ModifyRedisName: 1-36 of letters, digits, "_" and "-". */
export const modifyRedisName: Handler = (e, p) => {
  const inst = e.instance(reqStr(p, "redisId"));
  const name = reqStr(p, "redisName");
  if (inst.status === -2) throw moduleError(11061, `instance ${inst.redisId} is isolated`);
  if (inst.status !== 2) throw moduleError(10702, `instance ${inst.redisId} is not running`);
  if (name.length > 36) throw moduleError(11211, "redisName is longer than 36 characters");
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw moduleError(11212, "redisName may only hold letters, digits, _ and -");
  inst.redisName = name;
  return {};
};

/** ModifyRedisProject for every redisIds.n. */
export const modifyRedisProject: Handler = (e, p) => {
  const ids = list(p, "redisIds");
  if (ids.length === 0) throw moduleError(11201, "redisIds.n is required");
  const projectId = reqInt(p, "projectId");
  if (projectId < 0) throw moduleError(11201, "projectId must be >= 0");
  const insts = ids.map((id) => e.instance(id));
  for (const i of insts) i.projectId = projectId;
  return {};
};
