import * as api from "../../api";
import type { CallContext } from "../../runtime/context";
import { KeyedCoalescer, pollerKey, processShared } from "../../wait";
import { collectPages, LIST_PAGE } from "../reads/instanceReads";

/** How old a listing of an instance's backups may be to answer a refresh (the reads of one refresh come together). */
const REFRESH_MAX_AGE_MS = 10_000;

/**
 * Every backup DescribeInstanceBackups (API 3.0) lists for these filters, all pages.
 * @internal
 */
export function listInstanceBackups(
  client: api.CrsClient,
  filters: Omit<api.DescribeInstanceBackupsParams, "limit" | "offset">,
): Promise<api.InstanceBackup[]> {
  return collectPages(
    async (offset, limit) => {
      const page = await api.describeInstanceBackups(client, { ...filters, limit, offset });
      return { items: page.backups, total: page.totalCount };
    },
    (b) => b.backupId,
    LIST_PAGE,
  );
}

/**
 * Every backup of an instance as a refresh sees them. Expired backups are listed (status -1); deleted ones (-2) are
 * left out: GetRedisBackupList never lists them.
 * @internal
 */
export async function describeAllInstanceBackups(ctx: CallContext, instanceId: string): Promise<api.InstanceBackup[]> {
  return (await listInstanceBackups(ctx.client, { instanceId })).filter((b) => b.status !== -2);
}

function reads(ctx: CallContext): KeyedCoalescer<api.InstanceBackup[]> {
  const key = pollerKey(
    "instance-backups",
    ctx.settings.endpoints.redis3,
    ctx.settings.credentials.secretId,
    ctx.settings.region,
  );
  return processShared(
    key,
    () => new KeyedCoalescer<api.InstanceBackup[]>({ maxAgeMs: REFRESH_MAX_AGE_MS, epoch: api.writeEpoch }),
  );
}

/**
 * The backups of an instance for `read` (refresh): the Backups of one instance read at the same time (or within
 * 10 s, with no change made by this process since) share one DescribeInstanceBackups listing.
 * @internal
 */
export function backupsForRefresh(ctx: CallContext, instanceId: string): Promise<api.InstanceBackup[]> {
  return reads(ctx).get(instanceId, (id) => describeAllInstanceBackups(ctx, id));
}

/** GetRedisBackupList's names of the two kinds of backup (the Backup resource's `backupType` output). */
const BACKUP_TYPE_NAMES: ReadonlySet<string> = new Set(["manualBackupInstance", "systemBackupInstance"]);

/**
 * A DescribeInstanceBackups entry in the Backup resource's terms (those of GetRedisBackupList, which the outputs have
 * always used). The statuses mean the same in both documents (1 busy, 2 normal, 3 exporting / converting to RDB,
 * 4 exported / converted, -1 expired) and the times have the same format. The type does not: API 3.0 codes it
 * (`"0"` in its example, with no table of codes in the document), GetRedisBackupList names it. A backup's type never
 * changes, so the name already in the state is kept; `undefined` when there is none to keep (the caller then asks
 * GetRedisBackupList).
 * @param known - the `backupType` in the state
 * @internal
 */
export function asRedisBackup(b: api.InstanceBackup, known: unknown): api.RedisBackup | undefined {
  const backupType =
    b.backupType !== undefined && BACKUP_TYPE_NAMES.has(b.backupType)
      ? b.backupType
      : typeof known === "string" && known !== ""
        ? known
        : undefined;
  if (backupType === undefined) return undefined;
  const out: api.RedisBackup = { backupId: b.backupId, backupType, status: b.status };
  if (b.startTime !== undefined) out.startTime = b.startTime;
  if (b.remark !== undefined) out.remark = b.remark;
  if (b.locked !== undefined) out.locked = b.locked;
  return out;
}
