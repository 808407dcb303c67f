import { z } from "zod";
import type { CallOptions, CrsClient } from "./client";
import { compact, num, optNum, optStr, str } from "./schemaHelpers";

/** DescribeInstanceBackups parameters (API 3.0). */
export interface DescribeInstanceBackupsParams {
  instanceId: string;
  limit?: number;
  offset?: number;
  beginTime?: string;
  endTime?: string;
  /** 1 in progress, 2 normal, 3 converting to RDB, 4 converted, -1 expired, -2 deleted. */
  status?: number[];
}
/** One backup (API 3.0), camelCase. */
export interface InstanceBackup {
  backupId: string;
  startTime?: string;
  backupType?: string;
  status: number;
  remark?: string;
  locked?: number;
}
/** DescribeInstanceBackups result. */
export interface DescribeInstanceBackupsResult {
  totalCount: number;
  backups: InstanceBackup[];
  requestId?: string;
}

const item = z.looseObject({
  BackupId: str,
  StartTime: optStr,
  BackupType: optStr,
  Status: num,
  Remark: optStr,
  Locked: optNum,
});

/** @internal Schema of `Response`: the table says `BackupSet`, the example `RedisBackupSet`. */
export const describeInstanceBackupsSchema = z
  .looseObject({
    RequestId: optStr,
    TotalCount: num,
    BackupSet: z.array(item).nullish(),
    RedisBackupSet: z.array(item).nullish(),
  })
  .transform(
    (r): DescribeInstanceBackupsResult =>
      compact({
        totalCount: r.TotalCount,
        requestId: r.RequestId,
        backups: (r.BackupSet ?? r.RedisBackupSet ?? []).map((b) =>
          compact<InstanceBackup>({
            backupId: b.BackupId,
            startTime: b.StartTime,
            backupType: b.BackupType,
            status: b.Status,
            remark: b.Remark,
            locked: b.Locked,
          }),
        ),
      }),
  );

/**
 * DescribeInstanceBackups (Redis API 3.0, 2018-04-12).
 * @param client - CRS client
 * @param params - instanceId, paging, time range, status
 */
export function describeInstanceBackups(
  client: CrsClient,
  params: DescribeInstanceBackupsParams,
  call?: CallOptions,
): Promise<DescribeInstanceBackupsResult> {
  const body = compact({
    InstanceId: params.instanceId,
    Limit: params.limit,
    Offset: params.offset,
    BeginTime: params.beginTime,
    EndTime: params.endTime,
    Status: params.status,
  });
  return client.callRedis3("DescribeInstanceBackups", body, describeInstanceBackupsSchema, call);
}
