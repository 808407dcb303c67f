import type * as pulumi from "@pulumi/pulumi";
import { parsePaidThrough, REPLACE_KEYS } from "./instanceInputs";

/** Inputs that change in place, in the order their steps run. @internal */
export const UPDATE_KEYS = [
  "name",
  "projectId",
  "autoRenew",
  "password",
  "memSize",
  "paidThrough",
  "restoreBackupId",
] as const;

/** Inputs that only change what the provider does later (delete, waits, adoption); they update state and call nothing. */
export const STATE_ONLY_KEYS = [
  "period",
  "finalBackup",
  "clearOnDelete",
  "waitTimeoutSeconds",
  "adoptInstanceId",
  "ignoreInstanceIds",
  "maxOrderPrice",
] as const;

type Props = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The explicit diff: exactly the changed user inputs. Without it the engine would compare `__provider` too and show
 * an update after every upgrade of this package. Outputs are not compared here; drift is `pulumi refresh`'s job.
 * @internal
 */
export function diffInstance(olds: Props, news: Props): pulumi.dynamic.DiffResult {
  const replaces = REPLACE_KEYS.filter((k) => !same(olds[k], news[k]));
  const changes = [...replaces, ...UPDATE_KEYS, ...STATE_ONLY_KEYS].filter((k) => !same(olds[k], news[k]));
  return {
    changes: changes.length > 0,
    replaces,
    // A replacement buys the new instance first; the old one is only set to lapse, so both may coexist briefly.
    deleteBeforeReplace: false,
  };
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
  if (typeof news.name === "string" && !same(olds.name, news.name)) steps.push({ kind: "rename", name: news.name });
  if (typeof news.projectId === "number" && !same(olds.projectId, news.projectId)) {
    steps.push({ kind: "moveProject", projectId: news.projectId });
  }
  if (typeof news.autoRenew === "number" && !same(olds.autoRenew, news.autoRenew)) {
    steps.push({ kind: "autoRenew", flag: news.autoRenew as 0 | 1 | 2 });
  }
  if (!same(olds.password, news.password)) steps.push({ kind: "password" });
  if (typeof news.memSize === "number" && typeof olds.memSize === "number" && news.memSize > olds.memSize) {
    steps.push({ kind: "upgrade", memSize: news.memSize });
  }
  if (typeof news.paidThrough === "string" && parsePaidThrough(news.paidThrough) !== undefined) {
    steps.push({ kind: "renew", paidThrough: news.paidThrough });
  }
  if (
    typeof news.restoreBackupId === "string" &&
    news.restoreBackupId !== "" &&
    !same(olds.restoreBackupId, news.restoreBackupId)
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
