/* Taking a manual backup and finding the one it made: one at a time per instance, within the daily limit. */

import * as api from "../../api";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import { processScoped } from "../../processState";
import type { CallContext } from "../../runtime/context";
import { pollFor } from "../../wait/pollFor";
import { listBackups } from "../reads/instanceReads";
import { parseCrsTime } from "../reads/time";
import { waitTask } from "../reads/waits";

/** ManualBackupInstance: "The number of calls is limited to 24 each day". */
export const DAILY_MANUAL_BACKUPS = 24;

/** Midnight China Standard Time, when the daily counter of manual backups starts again. */
function nextReset(now: number): string {
  const cst = new Date(now + 8 * 3600_000);
  const next = Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), cst.getUTCDate() + 1) - 8 * 3600_000;
  const mins = Math.ceil((next - now) / 60_000);
  return `${new Date(next).toISOString()} (in ${Math.floor(mins / 60)} h ${mins % 60} min)`;
}

/** The backups of each instance this process is taking, chained: one at a time per instance (see takeBackup). */
const backupQueues = (): Map<string, Promise<unknown>> => processScoped("redis.backupQueues", () => new Map());

/**
 * Runs `fn` after every backup of the same instance this process started before it has ended.
 * @param key - endpoint, account, region and instance
 */
async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const queues = backupQueues();
  const prev = queues.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

/**
 * Takes a manual backup and finds the one it made. The task id does not name the backup, so the list is read
 * before and after: the new backup is the one that was not there before, with our remark; when several are new
 * (someone else backed up at the same moment) the remark and the start time closest to ours decide.
 *
 * Backups of one instance made by this process run one after another (the cloud runs one task per instance anyway,
 * refusing the second with 10707 while the first runs): two Backups of one instance in one `pulumi up`, taken at
 * once, would otherwise both read the list before either backup existed and, with the same remark or none, both
 * pick the same new backup.
 * @internal
 */
export async function takeBackup(
  ctx: CallContext,
  redisId: string,
  remark: string | undefined,
): Promise<api.RedisBackup> {
  const key = JSON.stringify([
    ctx.settings.endpoints.crs2017,
    ctx.settings.credentials.secretId,
    ctx.settings.region,
    redisId,
  ]);
  return oneAtATime(key, () => takeOneBackup(ctx, redisId, remark));
}

async function takeOneBackup(ctx: CallContext, redisId: string, remark: string | undefined): Promise<api.RedisBackup> {
  const before = new Set((await listBackups(ctx, redisId)).map((b) => b.backupId));
  const startedAt = processClock().now();
  let taskId: number;
  try {
    ({ requestId: taskId } = await api.manualBackupInstance(ctx.client, { redisId, remark }));
  } catch (err) {
    if (err instanceof api.ServiceError && api.isDailyBackupLimit(err)) {
      throw new ProviderError(
        `ManualBackupInstance refused: at most ${DAILY_MANUAL_BACKUPS} manual backups a day per instance ` +
          `(${err.message}); the counter resets at ${nextReset(processClock().now())}`,
        { cause: err },
      );
    }
    if (err instanceof api.AmbiguousPurchaseError) {
      // ManualBackupInstance is sent at most once (another call makes another backup): its answer was lost, so find
      // the backup it made instead of making a second one.
      const lost = await findLostBackup(ctx, redisId, before, remark);
      if (lost) return lost;
      throw new ProviderError(
        `ManualBackupInstance of ${redisId}: the answer was lost and no new backup appeared; nothing was backed up ` +
          "twice. Run `pulumi up` again.",
        { cause: err },
      );
    }
    throw err;
  }
  await waitTask(ctx, taskId, { kind: "backup", what: `backup of ${redisId}` });
  const fresh = (await listBackups(ctx, redisId)).filter((b) => !before.has(b.backupId));
  const ours = fresh.filter((b) => (remark ? b.remark === remark : true));
  const pick = (ours.length > 0 ? ours : fresh).sort(
    (a, b) =>
      Math.abs((parseCrsTime(a.startTime) ?? 0) - startedAt) - Math.abs((parseCrsTime(b.startTime) ?? 0) - startedAt),
  )[0];
  if (!pick) throw new ProviderError(`backup task ${taskId} of ${redisId} finished but no new backup is listed`);
  return pick;
}

/** Backup statuses of a task still running (1 backing up, 3 exporting). */
const BUSY_STATUSES: ReadonlySet<number> = new Set([1, 3]);
/** How long a backup whose ManualBackupInstance answer was lost may take to be listed. */
const LOST_BACKUP_LISTING_MS = 15_000;

/** Polls the list for the backup a ManualBackupInstance with a lost answer made, and waits for it to finish. */
async function findLostBackup(
  ctx: CallContext,
  redisId: string,
  before: ReadonlySet<string>,
  remark: string | undefined,
): Promise<api.RedisBackup | undefined> {
  const listedBy = processClock().now() + LOST_BACKUP_LISTING_MS;
  const settled = await pollFor(
    async () => {
      const fresh = (await listBackups(ctx, redisId)).filter(
        (b) => !before.has(b.backupId) && (remark ? b.remark === remark : true),
      );
      const found = fresh.length === 1 ? fresh[0] : undefined;
      if (found && !BUSY_STATUSES.has(Number(found.status))) return { value: found };
      return fresh.length > 1 || (!found && processClock().now() > listedBy) ? { value: undefined } : undefined;
    },
    { everyMs: 1_000, deadlineMs: ctx.waitDeadline() },
  );
  return settled?.value;
}
