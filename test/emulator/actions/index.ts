import {
  exportRedisBackup,
  getBackupDownloadUrl,
  getRedisBackupList,
  manualBackupInstance,
  restoreInstance,
} from "./backups";
import { describeRedis, modifyRedisName, modifyRedisProject, setRedisAutoRenew } from "./instances";
import { createRedis, describeRedisDealDetail, renewRedis, upgradeRedis, upgradeRedisInquiryPrice } from "./orders";
import { describeRedisProduct, describeRedisZones, inquiryRedisPrice } from "./region";
import { clearRedis, describeTaskInfo, getRedisTaskList, modfiyRedisPassword, resetRedisPassword } from "./tasks";
import type { Handler } from "./types";

/** Every action of the 2017 document. @internal */
export const ACTIONS_2017: Record<string, Handler> = {
  DescribeRedisZones: describeRedisZones,
  DescribeRedisProduct: describeRedisProduct,
  InquiryRedisPrice: inquiryRedisPrice,
  CreateRedis: createRedis,
  RenewRedis: renewRedis,
  UpgradeRedisInquiryPrice: upgradeRedisInquiryPrice,
  UpgradeRedis: upgradeRedis,
  DescribeRedisDealDetail: describeRedisDealDetail,
  DescribeRedis: describeRedis,
  SetRedisAutoRenew: setRedisAutoRenew,
  ModifyRedisName: modifyRedisName,
  ModfiyRedisPassword: modfiyRedisPassword,
  ResetRedisPassword: resetRedisPassword,
  ClearRedis: clearRedis,
  ModifyRedisProject: modifyRedisProject,
  ManualBackupInstance: manualBackupInstance,
  GetBackupDownloadUrl: getBackupDownloadUrl,
  GetRedisBackupList: getRedisBackupList,
  RestoreInstance: restoreInstance,
  GetRedisTaskList: getRedisTaskList,
  ExportRedisBackup: exportRedisBackup,
  DescribeTaskInfo: describeTaskInfo,
};

/** Actions whose document example prints `"code": "0"` (a string): answered the same way. */
export const STRING_CODE_ACTIONS = new Set([
  "DescribeRedisZones",
  "InquiryRedisPrice",
  "CreateRedis",
  "RenewRedis",
  "UpgradeRedisInquiryPrice",
  "UpgradeRedis",
  "SetRedisAutoRenew",
]);
