import type * as pulumi from "@pulumi/pulumi";
import { diffByModel } from "../model/derive";
import type { Props } from "../redis/reads/props";
import { isUnknown } from "../runtime/unknown";
import { sqlBackupModel } from "./backupModel";

/* The SqlServerBackup's check and diff (what a preview runs), apart from its operations: see runtime/lazyProvider.ts. */

/** @internal */
export function checkSqlBackup(_olds: Props, news: Props): pulumi.dynamic.CheckResult {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const known = (k: string) => news[k] !== undefined && !isUnknown(news[k]);
  if (!known("instanceId") && news.instanceId === undefined) {
    failures.push({ property: "instanceId", reason: "instanceId is required (format mssql-i1z41iwd)" });
  } else if (
    known("instanceId") &&
    (typeof news.instanceId !== "string" || !/^mssql-[a-z0-9]+$/.test(news.instanceId))
  ) {
    failures.push({ property: "instanceId", reason: "instanceId must look like mssql-i1z41iwd" });
  }
  const strategy = news.strategy ?? sqlBackupModel.inputs.strategy.default;
  if (!isUnknown(strategy) && strategy !== 0 && strategy !== 1) {
    failures.push({
      property: "strategy",
      reason: "strategy must be 0 (instance backup) or 1 (multi-database backup)",
    });
  }
  const dbNames = news.dbNames;
  const listed = Array.isArray(dbNames) && dbNames.every((d) => typeof d === "string");
  if (dbNames !== undefined && dbNames !== null && !listed && !isUnknown(dbNames)) {
    failures.push({ property: "dbNames", reason: "dbNames must be a list of database names" });
  }
  const hasDbs = Array.isArray(dbNames) && dbNames.length > 0;
  if (strategy === 1 && !hasDbs && !isUnknown(dbNames)) {
    failures.push({
      property: "dbNames",
      reason: "strategy 1 (multi-database backup) needs dbNames: the databases to back up",
    });
  }
  if (strategy === 0 && hasDbs) {
    failures.push({
      property: "dbNames",
      reason: "dbNames is only for strategy 1; strategy 0 backs up the whole instance",
    });
  }
  return { inputs: { ...news, strategy }, failures };
}

/** The SQL Server backup's diff: its model's (backupModel.ts). @internal */
export function diffSqlBackup(olds: Props, news: Props): pulumi.dynamic.DiffResult {
  return diffByModel(sqlBackupModel, olds, news);
}

/** @internal */
export const sqlBackupChecks = { check: checkSqlBackup, diff: diffSqlBackup };
