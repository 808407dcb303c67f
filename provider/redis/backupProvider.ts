import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api";
import { type CallContext, callContext, userLine } from "../runtime/context";
import { defineProvider } from "../runtime/defineProvider";
import { PartialError } from "../runtime/partial";
import { pollFor } from "../wait/pollFor";
import { backupChecks } from "./backupChecks";
import { asRedisBackup, backupsForRefresh } from "./backupReads";
import { describeOne, listBackups, waitTask } from "./cloud";
import { type Props, resourceName } from "./props";
import { parseCrsTime } from "./time";

/** GetBackupDownloadUrl: "valid for 12 hours, and need to be re-obtained upon expiration". */
export const URL_LIFETIME_MS = 12 * 3600_000;
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
const backupQueues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` after every backup of the same instance this process started before it has ended.
 * @param key - endpoint, account, region and instance
 */
async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = backupQueues.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  backupQueues.set(key, settled);
  void settled.then(() => {
    if (backupQueues.get(key) === settled) backupQueues.delete(key);
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
  const startedAt = Date.now();
  let taskId: number;
  try {
    ({ requestId: taskId } = await api.manualBackupInstance(ctx.client, { redisId, remark }));
  } catch (err) {
    if (err instanceof api.ServiceError && isDailyLimit(err)) {
      throw new Error(
        `ManualBackupInstance refused: at most ${DAILY_MANUAL_BACKUPS} manual backups a day per instance ` +
          `(${err.message}); the counter resets at ${nextReset(Date.now())}`,
        { cause: err },
      );
    }
    if (err instanceof api.AmbiguousPurchaseError) {
      // ManualBackupInstance is sent at most once (another call makes another backup): its answer was lost, so find
      // the backup it made instead of making a second one.
      const lost = await findLostBackup(ctx, redisId, before, remark);
      if (lost) return lost;
      throw new Error(
        `ManualBackupInstance of ${redisId}: the answer was lost and no new backup appeared; nothing was backed up ` +
          "twice. Run `pulumi up` again.",
        { cause: err },
      );
    }
    throw err;
  }
  await waitTask(ctx, taskId, `backup of ${redisId}`);
  const fresh = (await listBackups(ctx, redisId)).filter((b) => !before.has(b.backupId));
  const ours = fresh.filter((b) => (remark ? b.remark === remark : true));
  const pick = (ours.length > 0 ? ours : fresh).sort(
    (a, b) =>
      Math.abs((parseCrsTime(a.startTime) ?? 0) - startedAt) - Math.abs((parseCrsTime(b.startTime) ?? 0) - startedAt),
  )[0];
  if (!pick) throw new Error(`backup task ${taskId} of ${redisId} finished but no new backup is listed`);
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
  const listedBy = Date.now() + LOST_BACKUP_LISTING_MS;
  const settled = await pollFor(
    async () => {
      const fresh = (await listBackups(ctx, redisId)).filter(
        (b) => !before.has(b.backupId) && (remark ? b.remark === remark : true),
      );
      const found = fresh.length === 1 ? fresh[0] : undefined;
      if (found && !BUSY_STATUSES.has(Number(found.status))) return { value: found };
      return fresh.length > 1 || (!found && Date.now() > listedBy) ? { value: undefined } : undefined;
    },
    { everyMs: 1_000, deadlineMs: ctx.waitDeadline() },
  );
  return settled?.value;
}

/**
 * The 24-a-day refusal. The ManualBackupInstance document states the limit but lists no code of its own for it; its
 * table's only code that can carry it is 11201 (InvalidParameter), so the refusal is 11201 whose text speaks of the
 * daily limit, never any message that merely contains "24" (an instance id, a count, another code's text).
 */
export function isDailyLimit(err: api.ServiceError): boolean {
  if (err.moduleCode !== 11201) return false;
  const text = `${err.serviceMessage} ${err.codeDesc ?? ""}`;
  return /\blimit(ed)?\b|\bexceed|\bfrequen|\b24\s+(calls|times|backups|manual)|\b(a|per|each)\s+day\b/i.test(text);
}

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
        throw new Error(
          `the export of backup ${backupId} of ${redisId} did not finish: the backup is ${status === undefined ? "no longer listed" : `in status ${status}`} (4 is exported)`,
        );
      }
      return undefined;
    },
    { everyMs: 1_000, deadlineMs: ctx.waitDeadline() },
  );
  if (!exported) {
    throw new Error(
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
    if (err instanceof api.ServiceError && err.moduleCode === 10711) {
      // Exported or exporting in the meantime (another run, the console): take that export.
      const now = await backupStatus(ctx, redisId, backupId);
      if (now === EXPORTED || now === EXPORTING) return waitExported(ctx, redisId, backupId);
      throw err;
    }
    if (err instanceof api.AmbiguousPurchaseError) {
      if (await exportShows(ctx, redisId, backupId)) return waitExported(ctx, redisId, backupId);
      throw new Error(
        `ExportRedisBackup of backup ${backupId} (${redisId}): the answer was lost and the backup shows no export ` +
          `(status 3 or 4) after ${LOST_EXPORT_LISTING_MS / 1000} s, so it is not known whether the export started; ` +
          "it was not sent again. Run `pulumi up` again: it looks at the backup's export state first and exports " +
          "only if no export took place.",
        { cause: err },
      );
    }
    throw err;
  }
  await waitTask(ctx, taskId, `export of backup ${backupId}`);
}

/** Polls the backup list for a short while for the export an ExportRedisBackup with a lost answer started. */
async function exportShows(ctx: CallContext, redisId: string, backupId: string): Promise<boolean> {
  const shown = await pollFor(
    async () => {
      const status = await backupStatus(ctx, redisId, backupId);
      return status === EXPORTING || status === EXPORTED ? { value: true } : undefined;
    },
    { everyMs: 1_000, deadlineMs: Date.now() + LOST_EXPORT_LISTING_MS },
  );
  return shown !== undefined;
}

/**
 * Publishes a download URL for a backup. Only a cluster instance's backup must be exported first (ExportRedisBackup:
 * "only after export can they be downloaded"); the cloud refuses to export a standalone instance's backup (11214),
 * whose backups can be downloaded directly.
 */
async function exportUrl(
  ctx: CallContext,
  redisId: string,
  backupId: string,
): Promise<{ downloadUrl: string; urlFetchedAt: number }> {
  const inst = await describeOne(ctx, redisId);
  if (!inst) throw new Error(`cannot export backup ${backupId}: instance ${redisId} is not found`);
  if (inst.typeId !== STANDALONE_TYPE_ID) await ensureExported(ctx, redisId, backupId);
  const { extranet: downloadUrl } = await api.getBackupDownloadUrl(ctx.client, { redisId, backupId });
  return { downloadUrl, urlFetchedAt: Date.now() };
}

function outs(b: api.RedisBackup): Props {
  return { backupId: b.backupId, startTime: b.startTime, status: b.status, backupType: b.backupType };
}

async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const ctx = callContext(inputs.waitTimeoutSeconds, resourceName(inputs));
  const redisId = String(inputs.instanceId);
  ctx.log(`backing up ${redisId} (the cloud keeps a backup 7 days)`);
  const backup = await takeBackup(ctx, redisId, typeof inputs.remark === "string" ? inputs.remark : undefined);
  const state = { ...inputs, ...outs(backup) };
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

async function read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const ctx = callContext(props.waitTimeoutSeconds, resourceName(props));
  const redisId = String(props.instanceId);
  const found = await refreshedBackup(ctx, redisId, id, props.backupType);
  if (!found) {
    ctx.log(`backup ${id} of ${redisId} is no longer listed; it leaves the state`);
    return { id: "", props: {} };
  }
  const next: Props = { ...props, ...outs(found) };
  const fetchedAt = typeof props.urlFetchedAt === "number" ? props.urlFetchedAt : 0;
  if (props.export === true && found.status !== -1 && Date.now() - fetchedAt > URL_LIFETIME_MS - 60_000) {
    // The URL has lapsed (or is about to): a refresh hands out a fresh one.
    const { extranet: downloadUrl } = await api.getBackupDownloadUrl(ctx.client, { redisId, backupId: id });
    Object.assign(next, { downloadUrl, urlFetchedAt: Date.now() });
  }
  if (found.status === -1) ctx.log(`backup ${id} has expired (kept 7 days)`);
  return { id, props: next };
}

async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const ctx = callContext(news.waitTimeoutSeconds, resourceName(news));
  const base = {
    ...news,
    backupId: olds.backupId,
    startTime: olds.startTime,
    status: olds.status,
    backupType: olds.backupType,
  };
  if (news.export === true && olds.export !== true) {
    return { outs: { ...base, ...(await exportUrl(ctx, String(news.instanceId), id)) } };
  }
  if (news.export !== true) return { outs: { ...base, downloadUrl: undefined, urlFetchedAt: undefined } };
  return { outs: { ...base, downloadUrl: olds.downloadUrl, urlFetchedAt: olds.urlFetchedAt } };
}

async function remove(id: string, props: Props): Promise<void> {
  userLine(
    `backup ${id} is no longer managed; no CRS API deletes a backup, the cloud removes it 7 days after it was made`,
    resourceName(props),
  );
}

/** The Backup provider as the dynamic-provider host calls it. @internal */
export const backupProvider = defineProvider({
  ...backupChecks,
  create,
  read,
  update,
  delete: remove,
});
