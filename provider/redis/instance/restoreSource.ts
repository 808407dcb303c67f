import { ProviderError } from "../../errors";
import { callContextOrReason, userLine } from "../../runtime/context";
import { isUnknown } from "../../runtime/unknown";
import { listBackups } from "../reads/instanceReads";
import { PENDING_DEAL_PREFIX, type Props, resourceName } from "../reads/props";

/** Thrown by `diff` (so by `pulumi preview`) when a restore could only fail or restore the wrong data. @internal */
export class ForeignBackupError extends ProviderError {
  override readonly name = "ForeignBackupError";
}

/**
 * Refuses, at preview, a `restoreBackupId` that is not a backup of this instance. RestoreInstance restores an
 * instance from its own backups only; finding out at `up` would leave a half-applied update (the steps before the
 * restore done), so the check runs in `diff`, which `pulumi preview` calls with the instance id.
 *
 * It can only be known with credentials and a reachable API: without them (a preview with no cloud access) the check
 * is skipped with a log line, never guessed. An id still unknown at preview (a Backup created in the same run) is
 * checked by the cloud at `up`.
 * @internal
 */
export async function verifyRestoreSource(id: string, olds: Props, news: Props): Promise<void> {
  const backupId = news.restoreBackupId;
  if (typeof backupId !== "string" || backupId === "" || isUnknown(backupId)) return;
  if (backupId === olds.restoreBackupId || id === "" || id.startsWith(PENDING_DEAL_PREFIX)) return;
  const ctx = callContextOrReason(news.waitTimeoutSeconds, resourceName(news));
  if (typeof ctx === "string") {
    // No credentials in this preview (a pull request from a fork): say what was not verified; `up` will judge.
    userLine(
      `not verified without credentials: that restoreBackupId ${backupId} is a backup of ${id}`,
      resourceName(news),
    );
    return;
  }
  let backups: Awaited<ReturnType<typeof listBackups>>;
  try {
    backups = await listBackups(ctx, id);
  } catch (err) {
    ctx.log(`could not check that backup ${backupId} belongs to ${id} (${(err as Error).message}); up will try`);
    return;
  }
  if (backups.some((b) => b.backupId === backupId)) return;
  throw new ForeignBackupError(
    `restoreBackupId ${backupId} is not a backup of instance ${id}: RestoreInstance restores an instance only from ` +
      `its own backups, and GetRedisBackupList of ${id} does not list it (backups are kept 7 days). ` +
      "Use a backupId of this instance (e.g. a Backup resource's backupId with instanceId set to it).",
  );
}
