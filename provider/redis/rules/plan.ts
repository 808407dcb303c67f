import type * as pulumi from "@pulumi/pulumi";
import { diffByModel, sameValue } from "../../model/derive";
import { parsePaidThrough } from "./instanceInputs";
import { instanceModel } from "./instanceModel";

type Props = Record<string, unknown>;

/** The Instance's diff: its model's (replace on zone, type, VPC and subnet; the rest in place or state only). @internal */
export function diffInstance(olds: Props, news: Props): pulumi.dynamic.DiffResult {
  return diffByModel(instanceModel, olds, news);
}

/** One API step of an update, in execution order. @internal */
export type Step =
  | { kind: "rename"; name: string }
  | { kind: "moveProject"; projectId: number }
  | { kind: "autoRenew"; flag: 0 | 1 | 2 }
  | { kind: "password" }
  | { kind: "upgrade"; memSize: number }
  | { kind: "renew"; paidThrough: string }
  | { kind: "restore"; backupId: string };

/**
 * Plans an update from the old state (`olds`, outputs included) to the new inputs. Renewals are decided later from
 * the live deadline (the plan only says "make sure it is paid through X"), so a second `up` renews nothing.
 * @internal
 */
export function planUpdate(olds: Props, news: Props): Step[] {
  const steps: Step[] = [];
  if (typeof news.name === "string" && !sameValue(olds.name, news.name))
    steps.push({ kind: "rename", name: news.name });
  if (typeof news.projectId === "number" && !sameValue(olds.projectId, news.projectId)) {
    steps.push({ kind: "moveProject", projectId: news.projectId });
  }
  if (typeof news.autoRenew === "number" && !sameValue(olds.autoRenew, news.autoRenew)) {
    steps.push({ kind: "autoRenew", flag: news.autoRenew as 0 | 1 | 2 });
  }
  // A state without a password (an imported instance) takes the declared one as current: nothing to change.
  if (olds.password !== undefined && !sameValue(olds.password, news.password)) steps.push({ kind: "password" });
  if (typeof news.memSize === "number" && typeof olds.memSize === "number" && news.memSize > olds.memSize) {
    steps.push({ kind: "upgrade", memSize: news.memSize });
  }
  if (typeof news.paidThrough === "string" && parsePaidThrough(news.paidThrough) !== undefined) {
    steps.push({ kind: "renew", paidThrough: news.paidThrough });
  }
  if (
    typeof news.restoreBackupId === "string" &&
    news.restoreBackupId !== "" &&
    !sameValue(olds.restoreBackupId, news.restoreBackupId)
  ) {
    steps.push({ kind: "restore", backupId: news.restoreBackupId });
  }
  return steps;
}

/**
 * Months of RenewRedis needed so that a deadline reaches `paidThrough`; 0 when it already does.
 * RenewRedis takes whole months; the cloud adds calendar months to the current deadline.
 * @internal
 */
export function monthsToRenew(deadlineMs: number, paidThroughMs: number): number {
  if (deadlineMs >= paidThroughMs) return 0;
  // Months are counted on the cloud's calendar (China Standard Time, UTC+8), so month ends clamp on the right day.
  const cst = 8 * 3600_000;
  let months = 0;
  let end = deadlineMs;
  while (end < paidThroughMs) {
    months++;
    end = addMonthsUtc(new Date(deadlineMs + cst), months).getTime() - cst;
  }
  return months;
}

/**
 * The RenewRedis period for `months` still to renew: the largest documented piece (36, 24, else at most 12).
 * @internal
 */
export function renewalPeriod(months: number): number {
  return months >= 36 ? 36 : months >= 24 ? 24 : Math.min(months, 12);
}

/** @internal */
export function addMonthsUtc(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
