import { paramError } from "./moduleError";
import type { Params } from "./params";

/**
 * The common request parameters every action takes: the document's "Public Request Parameters", and `RequestClient`,
 * which Tencent's own SDK of the same era (qcloudapi-sdk) adds to every request (not in the document's table; the
 * integration tests sign with that SDK).
 */
const COMMON = new Set([
  "Action",
  "Region",
  "Timestamp",
  "Nonce",
  "SecretId",
  "Signature",
  "SignatureMethod",
  "Token",
  "RequestClient",
]);

/**
 * Each 2017 action's parameters as the document (../shared/seeds/004_*) names them: its "Input Parameters" table and
 * its request example. `name.n` is an array (`name.0`, `name.1`, ...; `name_0` too, as "_" reads as "." for the
 * signature). Where the table prints a lowercase l for the capital I (`zoneld`, `typeld`, `zonelds.n`) the name is
 * read as the one the document prints elsewhere (`zoneId`, `typeId`, `zoneIds.n`); other spellings are taken as
 * printed, so CreateRedis's VPC is `unVpclId` / `vpclId` (not `unVpcId` / `vpcId`), and the examples' `zonedId`
 * counts where an example uses it. Any other parameter name is refused with 4000 InvalidParameter.
 * @internal
 */
export const DOCUMENTED_PARAMS: Record<string, readonly string[]> = {
  DescribeRedisZones: [],
  // Table: zonelds.n, typeld. Example: zonedId, typeId.
  DescribeRedisProduct: ["zoneIds.n", "typeId", "zonedId"],
  // Table: zoneld, typeld, memSize, goodsNum, period. Example: zonedId.
  InquiryRedisPrice: ["zoneId", "typeId", "memSize", "goodsNum", "period", "zonedId"],
  CreateRedis: [
    "zoneId",
    "typeId",
    "memSize",
    "goodsNum",
    "period",
    "password",
    "vpclId",
    "unVpclId",
    "subnetId",
    "unSubnetId",
    "projectId",
  ],
  RenewRedis: ["redisId", "period"],
  UpgradeRedisInquiryPrice: ["redisId", "memSize"],
  UpgradeRedis: ["redisId", "memSize"],
  DescribeRedisDealDetail: ["dealIds.n"],
  DescribeRedis: [
    "limit",
    "offset",
    "redisId",
    "redisName",
    "orderBy",
    "orderType",
    "vpcIds.n",
    "unVpcIds.n",
    "subnetIds.n",
    "unSubnetIds.n",
    "projectIds.n",
  ],
  SetRedisAutoRenew: ["redisIds.n", "isAutoRenew"],
  ModifyRedisName: ["redisId", "redisName"],
  ModfiyRedisPassword: ["redisId", "oldPassword", "password"],
  ResetRedisPassword: ["redisId", "password"],
  ClearRedis: ["redisId", "password"],
  ModifyRedisProject: ["redisIds.n", "projectId"],
  ManualBackupInstance: ["redisId", "remark"],
  GetBackupDownloadUrl: ["redisId", "backupId"],
  GetRedisBackupList: ["limit", "offset", "redisId", "beginTime", "endTime"],
  RestoreInstance: ["redisId", "password", "backupId"],
  // The table prints redisId twice; the second ("Instance name") is redisName, as the example has it.
  GetRedisTaskList: ["limit", "offset", "redisId", "redisName", "beginTime", "endTime", "taskStatus.n", "taskType.n"],
  ExportRedisBackup: ["redisId", "backupId"],
  DescribeTaskInfo: ["requestId"],
};

/** Throws 4000 InvalidParameter naming the first parameter the action's document does not give. @internal */
export function checkDocumentedParams(action: string, params: Params): void {
  const names = DOCUMENTED_PARAMS[action];
  if (!names) return;
  const scalars = new Set(names.filter((n) => !n.endsWith(".n")));
  const arrays = new Set(names.filter((n) => n.endsWith(".n")).map((n) => n.slice(0, -2)));
  for (const name of Object.keys(params)) {
    if (COMMON.has(name) || scalars.has(name)) continue;
    const m = /^(.+)[._]\d+$/.exec(name);
    if (m && arrays.has(m[1] ?? "")) continue;
    throw paramError(name, `is not a parameter of ${action} (the document's: ${names.join(", ") || "none"})`);
  }
}
