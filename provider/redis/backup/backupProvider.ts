import type * as pulumi from "@pulumi/pulumi";
import * as api from "../../api";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import { type CallContext, callContext, userLine } from "../../runtime/context";
import { defineProvider, type Gone } from "../../runtime/defineProvider";
import { PartialError } from "../../runtime/partial";
import { listBackups } from "../reads/instanceReads";
import { resourceName } from "../reads/props";
import { backupChecks } from "./backupChecks";
import { exportUrl, URL_LIFETIME_MS } from "./backupExport";
import type { BackupOutputs, BackupProps, BackupState } from "./backupModel";
import { asRedisBackup, backupsForRefresh } from "./backupReads";
import { takeBackup } from "./backupTaking";

function outs(b: api.RedisBackup): Partial<BackupOutputs> {
  return { backupId: b.backupId, startTime: b.startTime, status: b.status, backupType: b.backupType };
}

async function create(inputs: BackupProps): Promise<pulumi.dynamic.CreateResult<BackupState>> {
  const ctx = callContext(inputs.waitTimeoutSeconds, resourceName(inputs));
  const redisId = inputs.instanceId;
  ctx.log(`backing up ${redisId} (the cloud keeps a backup 7 days)`);
  const backup = await takeBackup(ctx, redisId, inputs.remark);
  const state: BackupState = { ...inputs, ...outs(backup) };
  if (inputs.export !== true) return { id: backup.backupId, outs: state };
  try {
    return { id: backup.backupId, outs: { ...state, ...(await exportUrl(ctx, redisId, backup.backupId)) } };
  } catch (err) {
    throw PartialError.wrap(err, backup.backupId, { ...state, export: false });
  }
}

/**
 * The backup as a refresh sees it: from DescribeInstanceBackups, one listing for all the Backups of the instance
 * refreshed together; GetRedisBackupList only for a backup whose type the state does not hold (API 3.0 codes it).
 */
async function refreshedBackup(
  ctx: CallContext,
  redisId: string,
  id: string,
  knownType: unknown,
): Promise<api.RedisBackup | undefined> {
  const listed = (await backupsForRefresh(ctx, redisId)).find((b) => b.backupId === id);
  if (!listed) return undefined;
  return asRedisBackup(listed, knownType) ?? (await listBackups(ctx, redisId)).find((b) => b.backupId === id);
}

/**
 * An import's id names the instance too (`crs-xxx/<backupId>`): backups are listed per instance, and a state to find
 * it in does not exist yet.
 */
function importedId(id: string): { redisId: string; backupId: string } | undefined {
  const m = /^(crs-[A-Za-z0-9]+)\/(.+)$/.exec(id);
  return m?.[1] && m[2] ? { redisId: m[1], backupId: m[2] } : undefined;
}

async function read(id: string, given: BackupState): Promise<pulumi.dynamic.ReadResult<BackupState> | Gone> {
  const ctx = callContext(given.waitTimeoutSeconds, resourceName(given));
  const imported = given.instanceId === undefined ? importedId(id) : undefined;
  if (given.instanceId === undefined && !imported) {
    throw new ProviderError(
      `cannot import backup ${id}: give the instance too, as <instanceId>/<backupId> (crs-xxx/${id})`,
    );
  }
  const props: BackupState = imported ? { ...given, instanceId: imported.redisId } : given;
  const redisId = props.instanceId;
  const backupId = imported?.backupId ?? id;
  const found = await refreshedBackup(ctx, redisId, backupId, props.backupType);
  if (!found) {
    ctx.log(
      imported
        ? `instance ${redisId} lists no backup ${backupId}`
        : `backup ${id} of ${redisId} is no longer listed; it leaves the state`,
    );
    return { id: "", props: {} };
  }
  if (imported) {
    ctx.log(`importing backup ${backupId} of ${redisId}: nothing is backed up`);
    const state: BackupState = { ...props, ...outs(found), ...(found.remark ? { remark: found.remark } : {}) };
    return { id: backupId, props: state };
  }
  const next: BackupState = { ...props, ...outs(found) };
  const fetchedAt = props.urlFetchedAt ?? 0;
  if (props.export === true && found.status !== -1 && processClock().now() - fetchedAt > URL_LIFETIME_MS - 60_000) {
    // The URL has lapsed (or is about to): a refresh hands out a fresh one.
    const { extranet: downloadUrl } = await api.getBackupDownloadUrl(ctx.client, { redisId, backupId: id });
    Object.assign(next, { downloadUrl, urlFetchedAt: processClock().now() });
  }
  if (found.status === -1) ctx.log(`backup ${id} has expired (kept 7 days)`);
  return { id, props: next };
}

async function update(
  id: string,
  olds: BackupState,
  news: BackupProps,
): Promise<pulumi.dynamic.UpdateResult<BackupState>> {
  const ctx = callContext(news.waitTimeoutSeconds, resourceName(news));
  const base = {
    ...news,
    backupId: olds.backupId,
    startTime: olds.startTime,
    status: olds.status,
    backupType: olds.backupType,
  };
  if (news.export === true && olds.export !== true) {
    return { outs: { ...base, ...(await exportUrl(ctx, news.instanceId, id)) } };
  }
  if (news.export !== true) return { outs: { ...base, downloadUrl: undefined, urlFetchedAt: undefined } };
  return { outs: { ...base, downloadUrl: olds.downloadUrl, urlFetchedAt: olds.urlFetchedAt } };
}

async function remove(id: string, props: BackupState): Promise<void> {
  userLine(
    `backup ${id} is no longer managed; no CRS API deletes a backup, the cloud removes it 7 days after it was made`,
    resourceName(props),
  );
}

/** The Backup provider as the dynamic-provider host calls it. @internal */
export const backupProvider = defineProvider<BackupProps, BackupState>({
  ...backupChecks,
  create,
  read,
  update,
  delete: remove,
});
