/*
 * Which resource holds an instance it took over (an import, an adoption). A stack that moves an instance to another
 * resource (from the dynamic classes to the plugin's, say) still lists it under the old one until the engine deletes
 * that; the delete must not let the instance lapse under its new holder.
 */

import { callScope } from "../../callScope";
import { processClock } from "../../clock";
import { clearHolder, type HolderRecord, readHolder, writeHolder } from "../orders/journal";

/** Records that the calling resource now holds `instanceId`; nothing when its host does not name the resource. */
export function recordHolder(instanceId: string, how: HolderRecord["how"]): void {
  const holder = callScope()?.resource;
  if (holder) writeHolder({ instanceId, holder, since: processClock().now(), how });
}

/** The record of the resource that took `instanceId` over, when that is not the calling one. */
export function heldByAnother(instanceId: string): HolderRecord | undefined {
  const rec = readHolder(instanceId);
  return rec && rec.holder !== callScope()?.resource ? rec : undefined;
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
