import type * as pulumi from "@pulumi/pulumi";
import { diffByModel } from "../../model/derive";
import { isUnknown } from "../../runtime/unknown";
import type { Props } from "../reads/props";
import { backupModel } from "./backupModel";

/*
 * The Backup's check and diff: what a preview runs. Kept apart from the provider's operations so that a preview
 * loads neither the API client nor its schemas (see runtime/lazyProvider.ts).
 */

/** @internal */
export function checkBackup(_olds: Props, news: Props): pulumi.dynamic.CheckResult {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const id = news.instanceId;
  if (id === undefined || id === null) failures.push({ property: "instanceId", reason: "instanceId is required" });
  else if (!isUnknown(id) && (typeof id !== "string" || !/^crs-[A-Za-z0-9]+$/.test(id))) {
    failures.push({ property: "instanceId", reason: "instanceId must be a CRS instance id such as crs-izbob1wh" });
  }
  const remark = news.remark;
  if (remark !== undefined && !isUnknown(remark) && (typeof remark !== "string" || remark.length > 128)) {
    failures.push({ property: "remark", reason: "remark must be text of at most 128 characters" });
  }
  if (news.export !== undefined && !isUnknown(news.export) && typeof news.export !== "boolean") {
    failures.push({ property: "export", reason: "export must be true or false" });
  }
  return { inputs: news, failures };
}

/** The Backup's diff: its model's (backupModel.ts). @internal */
export function diffBackup(olds: Props, news: Props): pulumi.dynamic.DiffResult {
  return diffByModel(backupModel, olds, news);
}

/** @internal */
export const backupChecks = { check: checkBackup, diff: diffBackup };
