/*
 * Which resource holds an instance: the one that bought it or took it over (an import, an adoption). A stack that
 * moves an instance to another resource (from the dynamic classes to the plugin's, say) still lists it under the old
 * one until the engine deletes that; the delete must not let the instance lapse under its new holder. And a resource
 * of the same name that does not take it over must not buy a second one.
 *
 * A provider cannot tell a preview's import from an up's (both read), so a record counts only while the process that
 * wrote it runs (the same `pulumi up` deletes the old resource later) or once a later process saw the holder in the
 * state (the engine kept the import). A preview that was never applied leaves a record that counts for nothing.
 */

import * as fs from "node:fs";
import { callScope } from "../../callScope";
import { processClock } from "../../clock";
import { parseUrn } from "../../runtime/urn";
import { clearHolder, type HolderRecord, listHolders, readHolder, writeHolder } from "../orders/journal";
import { purchaseKeyName } from "../reads/props";

/** A process's start as /proc/<pid>/stat gives it (field 22), to tell a live writer from a reused pid. */
function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function isRunning(writer: HolderRecord["writer"]): boolean {
  try {
    process.kill(writer.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return writer.start === undefined || processStart(writer.pid) === writer.start;
}

const isThisProcess = (writer: HolderRecord["writer"]): boolean =>
  writer.pid === process.pid && writer.start === processStart(process.pid);

/**
 * The calling resource: its URN when its host names it (the plugin), else its purchase key (the dynamic host, which
 * knows no URN; the same key names the resource there).
 */
function caller(purchaseKey: unknown): string | undefined {
  const urn = callScope()?.resource;
  if (urn) return urn;
  return typeof purchaseKey === "string" && purchaseKey !== "" ? `key:${purchaseKey}` : undefined;
}

/**
 * Records that the calling resource now holds `instanceId`. A create or adoption happens only in an `up`; an
 * import's read may be a preview's, so it counts only while its process runs, until confirmed (confirmHolder).
 */
export function recordHolder(instanceId: string, how: HolderRecord["how"], purchaseKey: unknown): void {
  const holder = caller(purchaseKey);
  if (!holder) return;
  const start = processStart(process.pid);
  writeHolder({
    instanceId,
    holder,
    ...(typeof purchaseKey === "string" && purchaseKey !== "" ? { purchaseKey } : {}),
    since: processClock().now(),
    how,
    writer: { pid: process.pid, ...(start ? { start } : {}) },
    confirmed: how !== "import",
  });
}

/**
 * The holder calls with the instance in its state, from a process other than the writer's: the engine kept the
 * import, so the record counts from now on.
 */
export function confirmHolder(instanceId: string | undefined, purchaseKey: unknown): void {
  if (!instanceId) return;
  const rec = readHolder(instanceId);
  if (!rec || rec.confirmed || rec.holder !== caller(purchaseKey) || isThisProcess(rec.writer)) return;
  writeHolder({ ...rec, confirmed: true });
}

const counts = (rec: HolderRecord): boolean => rec.confirmed || isRunning(rec.writer);

/** The record of the resource that holds `instanceId`, when that is not the calling one and the record counts. */
export function heldByAnother(instanceId: string, purchaseKey: unknown): HolderRecord | undefined {
  const rec = readHolder(instanceId);
  return rec && rec.holder !== caller(purchaseKey) && counts(rec) ? rec : undefined;
}

/**
 * An instance bought or taken over for a resource of the same name in the same stack (the same purchase key) that
 * another resource still holds: a program that moved the resource to another class without taking the instance over
 * (the `import` option, `adoptInstanceId`) would buy a second one. `exempt` are the ids the inputs name
 * (`adoptInstanceId`, `ignoreInstanceIds`).
 */
export function heldForSameName(purchaseKey: unknown, exempt: ReadonlySet<string>): HolderRecord | undefined {
  const me = caller(purchaseKey);
  if (!me || typeof purchaseKey !== "string") return undefined;
  return listHolders().find(
    (rec) => rec.purchaseKey === purchaseKey && rec.holder !== me && !exempt.has(rec.instanceId) && counts(rec),
  );
}

/** The instance's delete went through: no record names a holder of it any more. */
export function releaseHolder(instanceId: string): void {
  clearHolder(instanceId);
}

/**
 * `<type> "<name>" (imported <ISO time>)` from the record's URN (`urn:pulumi:<stack>::<project>::<type>::<name>`), or
 * `the resource "<name>"` for a purchase key.
 */
export function describeHolder(rec: HolderRecord): string {
  const how = { create: "bought", import: "imported", adopt: "adopted" }[rec.how];
  const when = `(${how} ${new Date(rec.since).toISOString()})`;
  if (rec.holder.startsWith("key:")) return `the resource "${purchaseKeyName(rec.holder.slice(4))}" ${when}`;
  const { type, name } = parseUrn(rec.holder);
  const what = type && name ? `${type.split("$").pop()} "${name}"` : rec.holder;
  return `${what} ${when}`;
}
