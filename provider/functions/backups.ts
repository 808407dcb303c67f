import type * as pulumi from "@pulumi/pulumi";
import type * as api from "../api";
import { functionClient, type InputArgs, outputOf } from "../runtime/programContext";

/** Arguments of {@link getInstanceBackups}. */
export interface GetInstanceBackupsArgs {
  instanceId: string;
  /** Backups started at or after this time, e.g. `2026-12-01 00:00:00` (China Standard Time, as the API prints). */
  beginTime?: string;
  /** ...and at or before this time. */
  endTime?: string;
  /** Only these statuses: 1 in progress, 2 normal, 3 converting to RDB, 4 converted, -1 expired, -2 deleted. */
  status?: number[];
}

/** The result of {@link getInstanceBackups}. */
export interface GetInstanceBackupsResult {
  backups: api.InstanceBackup[];
}

/**
 * An instance's backups over a time window (Redis API 3.0 DescribeInstanceBackups, TC3-signed, every page).
 * @param args - instanceId, beginTime, endTime, status
 */
export async function getInstanceBackups(args: GetInstanceBackupsArgs): Promise<GetInstanceBackupsResult> {
  const client = await functionClient();
  const filters: Omit<api.DescribeInstanceBackupsParams, "limit" | "offset"> = { instanceId: args.instanceId };
  if (args.beginTime !== undefined) filters.beginTime = args.beginTime;
  if (args.endTime !== undefined) filters.endTime = args.endTime;
  if (args.status !== undefined) filters.status = args.status;
  const { listInstanceBackups } = await import("../redis/backup/backupReads.js");
  return { backups: await listInstanceBackups(client, filters) };
}

/**
 * {@link getInstanceBackups} as an Output.
 * @param args - instanceId, beginTime, endTime, status (Inputs)
 */
export function getInstanceBackupsOutput(
  args: InputArgs<GetInstanceBackupsArgs>,
): pulumi.Output<GetInstanceBackupsResult> {
  return outputOf(getInstanceBackups, args);
}
