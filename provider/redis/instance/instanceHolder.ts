/*
 * Which resource holds an instance it took over (an import, an adoption). A stack that moves an instance to another
 * resource (from the dynamic classes to the plugin's, say) still lists it under the old one until the engine deletes
 * that; the delete must not let the instance lapse under its new holder.
 *
 * A provider cannot tell a preview's import from an up's (both read), so a record counts only while the process that
 * wrote it runs (the same `pulumi up` deletes the old resource later) or once a later process saw the holder in the
 * state (the engine kept the import). A preview that was never applied leaves a record that counts for nothing.
 */

import * as fs from "node:fs";
import { callScope } from "../../callScope";
import { processClock } from "../../clock";
import { clearHolder, type HolderRecord, readHolder, writeHolder } from "../orders/journal";

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

/** Records that the calling resource now holds `instanceId`; nothing when its host does not name the resource. */
export function recordHolder(instanceId: string, how: HolderRecord["how"]): void {
  const holder = callScope()?.resource;
  if (!holder) return;
  const start = processStart(process.pid);
  writeHolder({
    instanceId,
    holder,
    since: processClock().now(),
    how,
    writer: { pid: process.pid, ...(start ? { start } : {}) },
    confirmed: false,
  });
}

/**
 * The holder calls with the instance in its state, from a process other than the writer's: the engine kept the
 * import or adoption, so the record counts from now on.
 */
export function confirmHolder(instanceId: string | undefined): void {
  if (!instanceId) return;
  const rec = readHolder(instanceId);
  if (!rec || rec.confirmed || rec.holder !== callScope()?.resource || isThisProcess(rec.writer)) return;
  writeHolder({ ...rec, confirmed: true });
}

/** The record of the resource that took `instanceId` over, when that is not the calling one and the record counts. */
export function heldByAnother(instanceId: string): HolderRecord | undefined {
  const rec = readHolder(instanceId);
  if (!rec || rec.holder === callScope()?.resource) return undefined;
  return rec.confirmed || isRunning(rec.writer) ? rec : undefined;
}

/** The instance's delete went through: no record names a holder of it any more. */
export function releaseHolder(instanceId: string): void {
  clearHolder(instanceId);
}

/** `<type> "<name>" (imported <ISO time>)` from the record's URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function describeHolder(rec: HolderRecord): string {
  const parts = rec.holder.split("::");
  const type = (parts[2] ?? "").split("$").pop() ?? "";
  const name = parts.slice(3).join("::");
  const what = type && name ? `${type} "${name}"` : rec.holder;
  return `${what} (${rec.how === "import" ? "imported" : "adopted"} ${new Date(rec.since).toISOString()})`;
}
