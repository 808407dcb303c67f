/**
 * What the plugin serves, listed once: each resource's token, the provider kind that implements it (the same parts the
 * dynamic host serves, runtimeEntry.ts) and its model; each function's token and its program-side implementation.
 * The schema (schema.ts) and the server (server.ts) both read these lists.
 * @packageDocumentation
 */

import { CONFIG_NAMESPACE } from "../../config";
import type { Model } from "../../model/field";
import { backupModel } from "../../redis/backup/backupModel";
import { instanceModel } from "../../redis/rules/instanceModel";
import type { ProviderKind } from "../../runtime/kinds";
import { sqlBackupModel } from "../../sqlserver/backupModel";

/** The package name: the plugin is `pulumi-resource-tencentcloud-redis`, the tokens start with it. */
export const PACKAGE = CONFIG_NAMESPACE;

/** A resource the plugin serves. @internal */
export interface ResourceEntry {
  kind: ProviderKind;
  model: Model;
  /** The resource's description in the schema. */
  description: string;
}

/** @internal */
export const RESOURCES: Readonly<Record<string, ResourceEntry>> = {
  [`${PACKAGE}:index:Instance`]: {
    kind: "instance",
    model: instanceModel,
    description:
      "A Tencent Cloud Redis (CRS) instance. Creation buys it (CreateRedis) and waits for the order and the instance; " +
      "name, project, auto-renew, password, capacity, paid-through date and restores change in place. No API deletes " +
      "a prepaid instance: deleting the resource sets auto-renew to 2, so it lapses at its deadline.",
  },
  [`${PACKAGE}:index:Backup`]: {
    kind: "backup",
    model: backupModel,
    description:
      "A manual backup of a CRS instance (ManualBackupInstance), optionally exported with a secret download URL. The " +
      "cloud keeps it 7 days and allows 24 manual backups per instance a day; no API deletes one.",
  },
  [`${PACKAGE}:sqlserver:Backup`]: {
    kind: "sqlserverBackup",
    model: sqlBackupModel,
    description: "A SQL Server backup (API 3.0 CreateBackup), waited for through its flow (DescribeFlowStatus).",
  },
};

/** The functions the plugin serves as invokes, by token; the same code the program-side `getX` functions run. */
export const FUNCTION_NAMES = [
  "getZones",
  "getProducts",
  "getPrice",
  "getInstances",
  "getInstanceBackups",
  "getTasks",
] as const;

/** @internal */
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The token of a function. @internal */
export const functionToken = (name: FunctionName): string => `${PACKAGE}:index:${name}`;
