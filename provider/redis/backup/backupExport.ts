/* Exporting a backup once and publishing its download URL. */

import * as api from "../../api";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import type { CallContext } from "../../runtime/context";
import { pollFor } from "../../wait/pollFor";
import { describeOne, listBackups } from "../reads/instanceReads";
import { waitTask } from "../reads/waits";

/** GetBackupDownloadUrl: "valid for 12 hours, and need to be re-obtained upon expiration". */
export const URL_LIFETIME_MS = 12 * 3600_000;

/** DescribeRedis typeId of a standalone (master-replica) instance. */
const STANDALONE_TYPE_ID = 2;
/** GetRedisBackupList statuses of the export: 3 being exported, 4 exported. */
const EXPORTING = 3;
const EXPORTED = 4;
/** How long the backup of an ExportRedisBackup with a lost answer may take to show the export (status 3 or 4). */
const LOST_EXPORT_LISTING_MS = 10_000;

/** The backup's status in GetRedisBackupList, or undefined when it is not listed. */
async function backupStatus(ctx: CallContext, redisId: string, backupId: string): Promise<number | undefined> {
  const found = (await listBackups(ctx, redisId)).find((b) => b.backupId === backupId);
  return found === undefined ? undefined : Number(found.status);
}

/** Waits until an export that is running (status 3) has finished (status 4). */
async function waitExported(ctx: CallContext, redisId: string, backupId: string): Promise<void> {
  const exported = await pollFor(
    async () => {
      const status = await backupStatus(ctx, redisId, backupId);
      if (status === EXPORTED) return { value: true };
      if (status !== EXPORTING) {
        throw new ProviderError(
          `the export of backup ${backupId} of ${redisId} did not finish: the backup is ${status === undefined ? "no longer listed" : `in status ${status}`} (4 is exported)`,
        );
      }
      return undefined;
    },
    { everyMs: 1_000, deadlineMs: ctx.waitDeadline() },
  );
  if (!exported) {
    throw new ProviderError(
      `backup ${backupId} of ${redisId} is still being exported after ${ctx.waitTimeoutSeconds} s; ` +
        "the next `pulumi up` waits for this export again instead of starting another",
    );
  }
}

/**
 * Exports a cluster backup once. The backup's own status says where an earlier attempt got to, so a run that failed
 * after the export (the URL fetch, a timeout) resumes instead of exporting again, which the cloud refuses with 10711
 * ("only the backup with status 2 can be exported"): status 4 is exported, 3 is being exported (wait for it), 2 is not
 * exported (export it). ExportRedisBackup is sent at most once per run: a lost answer is looked for in that status.
 */
async function ensureExported(ctx: CallContext, redisId: string, backupId: string): Promise<void> {
  const status = await backupStatus(ctx, redisId, backupId);
  if (status === EXPORTED) {
    ctx.log(`backup ${backupId} is exported already (by an earlier run); fetching its download URL`);
    return;
  }
  if (status === EXPORTING) {
    ctx.log(`backup ${backupId} is being exported (started by an earlier run); waiting for it`);
    return waitExported(ctx, redisId, backupId);
  }
  let taskId: number;
  ctx.log(`exporting backup ${backupId} of ${redisId}`);
  try {
    ({ requestId: taskId } = await api.exportRedisBackup(ctx.client, { redisId, backupId }));
  } catch (err) {
    if (err instanceof api.ServiceError && api.isBackupNotExportable(err)) {
      // Exported or exporting in the meantime (another run, the console): take that export.
      const now = await backupStatus(ctx, redisId, backupId);
      if (now === EXPORTED || now === EXPORTING) return waitExported(ctx, redisId, backupId);
      throw err;
    }
    if (err instanceof api.AmbiguousPurchaseError) {
      if (await exportShows(ctx, redisId, backupId)) return waitExported(ctx, redisId, backupId);
      throw new ProviderError(
        `ExportRedisBackup of backup ${backupId} (${redisId}): the answer was lost and the backup shows no export ` +
          `(status 3 or 4) after ${LOST_EXPORT_LISTING_MS / 1000} s, so it is not known whether the export started; ` +
          "it was not sent again. Run `pulumi up` again: it looks at the backup's export state first and exports " +
          "only if no export took place.",
        { cause: err },
      );
    }
    throw err;
  }
  await waitTask(ctx, taskId, { kind: "export", what: `export of backup ${backupId}` });
}

/** Polls the backup list for a short while for the export an ExportRedisBackup with a lost answer started. */
async function exportShows(ctx: CallContext, redisId: string, backupId: string): Promise<boolean> {
  const shown = await pollFor(
    async () => {
      const status = await backupStatus(ctx, redisId, backupId);
      return status === EXPORTING || status === EXPORTED ? { value: true } : undefined;
    },
    { everyMs: 1_000, deadlineMs: processClock().now() + LOST_EXPORT_LISTING_MS },
  );
  return shown !== undefined;
}

/**
 * Publishes a download URL for a backup. Only a cluster instance's backup must be exported first (ExportRedisBackup:
 * "only after export can they be downloaded"); the cloud refuses to export a standalone instance's backup (11214),
 * whose backups can be downloaded directly.
 */
export async function exportUrl(
  ctx: CallContext,
  redisId: string,
  backupId: string,
): Promise<{ downloadUrl: string; urlFetchedAt: number }> {
  const inst = await describeOne(ctx, redisId);
  if (!inst) throw new ProviderError(`cannot export backup ${backupId}: instance ${redisId} is not found`);
  if (inst.typeId !== STANDALONE_TYPE_ID) await ensureExported(ctx, redisId, backupId);
  const { extranet: downloadUrl } = await api.getBackupDownloadUrl(ctx.client, { redisId, backupId });
  return { downloadUrl, urlFetchedAt: processClock().now() };
}
