import { z } from "zod";
import type { CallOptions, CrsClient } from "./client";
import type { TaskResult } from "./instanceActions";
import { compact, envelope2017, num, optNum, optStr, str, taskAnswer } from "./schemaHelpers";

// ---------- ManualBackupInstance ----------

/** ManualBackupInstance parameters. */
export interface ManualBackupInstanceParams {
  redisId: string;
  remark?: string;
}

/**
 * ManualBackupInstance: starts a backup (24 calls a day at most).
 * @param client - CRS client
 * @param params - redisId, remark
 */
export function manualBackupInstance(
  client: CrsClient,
  params: ManualBackupInstanceParams,
  call?: CallOptions,
): Promise<TaskResult> {
  return client.call2017("ManualBackupInstance", { ...params }, taskAnswer, call);
}

// ---------- GetRedisBackupList ----------

/** GetRedisBackupList parameters. */
export interface GetRedisBackupListParams {
  redisId: string;
  limit?: number;
  offset?: number;
  /** `2017-02-08 16:46:34` */
  beginTime?: string;
  endTime?: string;
}
/** One backup. */
export interface RedisBackup {
  backupId: string;
  startTime?: string;
  /** `manualBackupInstance` or `systemBackupInstance`. */
  backupType?: string;
  /** 1 locked, 2 normal, -1 expired, 3 exporting, 4 exported. */
  status: number;
  remark?: string;
  locked?: number;
}
/** GetRedisBackupList result. */
export interface GetRedisBackupListResult {
  totalCount: number;
  backups: RedisBackup[];
}

const backupItem = z.looseObject({
  backupId: str,
  startTime: optStr,
  backupType: optStr,
  status: num,
  remark: optStr,
  locked: optNum,
});

/** @internal */
export const getRedisBackupListSchema = z
  .looseObject({
    ...envelope2017,
    totalCount: num,
    data: z.looseObject({ redisBackupSet: z.array(backupItem).nullish() }).nullish(),
  })
  .transform(
    (b): GetRedisBackupListResult => ({
      totalCount: b.totalCount,
      backups: (b.data?.redisBackupSet ?? []).map((x) =>
        compact<RedisBackup>({
          backupId: x.backupId,
          startTime: x.startTime,
          backupType: x.backupType,
          status: x.status,
          remark: x.remark,
          locked: x.locked,
        }),
      ),
    }),
  );

/**
 * GetRedisBackupList: backups of an instance (kept 7 days).
 * @param client - CRS client
 * @param params - redisId, paging, time range
 */
export function getRedisBackupList(
  client: CrsClient,
  params: GetRedisBackupListParams,
  call?: CallOptions,
): Promise<GetRedisBackupListResult> {
  return client.call2017(
    "GetRedisBackupList",
    { ...params, limit: params.limit ?? 20, offset: params.offset ?? 0 },
    getRedisBackupListSchema,
    call,
  );
}

// ---------- RestoreInstance ----------

/** RestoreInstance parameters. */
export interface RestoreInstanceParams {
  redisId: string;
  /** Instance password (secret). */
  password: string;
  backupId: string;
}

/**
 * RestoreInstance: restores an instance from one of its own backups.
 * @param client - CRS client
 * @param params - redisId, password, backupId
 */
export function restoreInstance(
  client: CrsClient,
  params: RestoreInstanceParams,
  call?: CallOptions,
): Promise<TaskResult> {
  return client.call2017("RestoreInstance", { ...params }, taskAnswer, call);
}

// ---------- ExportRedisBackup ----------

/** ExportRedisBackup / GetBackupDownloadUrl parameters. */
export interface BackupRefParams {
  redisId: string;
  backupId: string;
}

/**
 * ExportRedisBackup: turns a backup into a downloadable RDB file.
 * @param client - CRS client
 * @param params - redisId, backupId
 */
export function exportRedisBackup(client: CrsClient, params: BackupRefParams, call?: CallOptions): Promise<TaskResult> {
  return client.call2017("ExportRedisBackup", { ...params }, taskAnswer, call);
}

// ---------- GetBackupDownloadUrl ----------

/** Download URLs, valid 12 hours (treat as secrets). */
export interface BackupDownloadUrlResult {
  intranet: string;
  extranet: string;
}

/** @internal */
export const getBackupDownloadUrlSchema = z
  .looseObject({ ...envelope2017, data: z.looseObject({ intranet: z.string(), extranet: z.string() }) })
  .transform((b): BackupDownloadUrlResult => ({ intranet: b.data.intranet, extranet: b.data.extranet }));

/**
 * GetBackupDownloadUrl.
 * @param client - CRS client
 * @param params - redisId, backupId
 */
export function getBackupDownloadUrl(
  client: CrsClient,
  params: BackupRefParams,
  call?: CallOptions,
): Promise<BackupDownloadUrlResult> {
  return client.call2017("GetBackupDownloadUrl", { ...params }, getBackupDownloadUrlSchema, call);
}
