import { randomBytes, randomUUID } from "node:crypto";
import { formatTime, parseTime } from "../clock";
import type { Engine } from "../engine";
import { moduleError } from "../moduleError";
import { optInt, optStr, reqStr } from "../params";
import type { BackupRec } from "../state";
import type { Handler } from "./types";

const BACKUP_LIFE_MS = 7 * 86_400_000;
const URL_LIFE_MS = 12 * 3_600_000;

/** The backup of that instance, or 11213 (a backup of another instance counts as not found: own backups only). */
function ownBackup(e: Engine, redisId: string, backupId: string): BackupRec {
  const b = e.state.backups.find((x) => x.backupId === backupId && x.redisId === redisId);
  if (!b) throw moduleError(11213, `backup ${backupId} does not exist for ${redisId}`);
  return b;
}

/** ManualBackupInstance: 24 a day per instance; the RDB snapshot is taken when the task runs. */
export const manualBackupInstance: Handler = (e, p) => {
  const inst = e.usableInstance(reqStr(p, "redisId"));
  e.countBackup(inst.redisId);
  const now = e.now();
  const backup: BackupRec = {
    backupId: randomUUID(),
    redisId: inst.redisId,
    startTime: now,
    remark: optStr(p, "remark") ?? "",
    backupType: "manualBackupInstance",
    status: 1,
    exported: false,
    expiresAt: now + BACKUP_LIFE_MS,
  };
  e.state.backups.push(backup);
  const task = e.newTask(inst, "backupInstance", { backupId: backup.backupId });
  return { data: { requestId: task.taskId } };
};

/** Filters a backup list by instance and [begin, end] window; shared with API 3.0 DescribeInstanceBackups. */
export function backupsOf(e: Engine, redisId: string, begin?: string, end?: string): BackupRec[] {
  const beginMs = begin ? parseTime(begin) : Number.NEGATIVE_INFINITY;
  const endMs = end ? parseTime(end) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(beginMs)) throw moduleError(11201, "beginTime must look like 2017-02-08 16:46:34");
  if (Number.isNaN(endMs)) throw moduleError(11201, "endTime must look like 2017-02-08 19:09:26");
  return e.state.backups
    .filter((b) => b.redisId === redisId && b.startTime >= beginMs && b.startTime <= endMs)
    .sort((a, b) => b.startTime - a.startTime);
}

/** GetRedisBackupList: backups of the last 7 days (expired ones drop out of the list). */
export const getRedisBackupList: Handler = (e, p) => {
  const redisId = reqStr(p, "redisId");
  e.instance(redisId);
  const limit = optInt(p, "limit", 20);
  const offset = optInt(p, "offset", 0);
  const rows = backupsOf(e, redisId, optStr(p, "beginTime"), optStr(p, "endTime")).filter((b) => b.status !== -1);
  return {
    totalCount: rows.length,
    data: {
      redisBackupSet: rows.slice(offset, offset + limit).map((b) => ({
        startTime: formatTime(b.startTime),
        backupId: b.backupId,
        backupType: b.backupType,
        status: b.status,
        remark: b.remark,
        locked: b.status === 1 || b.status === 3 ? 1 : 0,
      })),
    },
  };
};

/** RestoreInstance: own backups only, password checked (10712), backup must be usable (10711/10710). */
export const restoreInstance: Handler = (e, p) => {
  const redisId = reqStr(p, "redisId");
  const backupId = reqStr(p, "backupId");
  const inst = e.usableInstance(redisId);
  if (p.password === undefined || p.password === "") throw moduleError(10501, "password is empty");
  const b = ownBackup(e, redisId, backupId);
  if (b.status === -1) throw moduleError(10711, `backup ${backupId} has expired`);
  if (b.status === 1 || b.status === 3) throw moduleError(10710, `backup ${backupId} is locked by another task`);
  if (p.password !== inst.password) throw moduleError(10712, "wrong password");
  const task = e.newTask(inst, "restoreBackup", { backupId });
  return { data: { requestId: task.taskId } };
};

/** ExportRedisBackup: cluster instances only (11214), backup status 2 only (10711). */
export const exportRedisBackup: Handler = (e, p) => {
  const redisId = reqStr(p, "redisId");
  const backupId = reqStr(p, "backupId");
  const inst = e.instance(redisId);
  const b = ownBackup(e, redisId, backupId);
  if (inst.typeId !== 1) throw moduleError(11214, "only the backup of a cluster instance can be exported");
  if (b.status !== 2)
    throw moduleError(10711, `backup ${backupId} has status ${b.status}; only status 2 can be exported`);
  if (inst.lockedBy !== null) throw moduleError(10707, `instance ${redisId} is locked by ${inst.lockedBy}`);
  b.status = 3;
  const task = e.newTask(inst, "exportBackup", { backupId });
  return { data: { requestId: task.taskId } };
};

/**
 * GetBackupDownloadUrl: a URL on the emulator serving the real RDB file for 12 h of emulator time. Cluster backups
 * must be exported first (the document: only after export can they be downloaded); standalone ones need no export.
 */
export const getBackupDownloadUrl: Handler = (e, p, ctx) => {
  const redisId = reqStr(p, "redisId");
  const backupId = reqStr(p, "backupId");
  const inst = e.instance(redisId);
  const b = ownBackup(e, redisId, backupId);
  const ready = inst.typeId === 1 ? b.exported && b.status === 4 : b.status === 2 || b.status === 4;
  if (!ready) throw moduleError(10711, `backup ${backupId} is not ready for download (status ${b.status})`);
  const token = randomBytes(24).toString("base64url");
  e.state.downloads[token] = { backupId, expiresAt: e.now() + URL_LIFE_MS };
  const url = `${ctx.baseUrl}/_emulator/download/${token}/dump.rdb`;
  return { data: { intranet: url, extranet: url } };
};
