import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A durable record of purchases in flight, one small JSON file per resource, written before CreateRedis is sent and
 * updated as soon as the deal id and the instance id are known.
 *
 * Why: if `pulumi` is killed during the wait (CI cancelled, machine lost), the engine keeps only a "pending create"
 * and the next `pulumi up` calls `create` again. Without this record that second create would buy a second
 * instance. The file lives beside the program (`.pulumi-tencentcloud-redis/purchases/`), holds no secret (ids, times,
 * the shape of what was bought), and is removed once the resource is in the state.
 * @internal
 */
export interface PurchaseRecord {
  /** `<project>/<stack>/<resource name>`; the file name is its hash. */
  key: string;
  startedAt: number;
  zoneId: number;
  typeId: number;
  memSize: number;
  /** Instances that existed before the purchase, to tell ours apart if the answer to CreateRedis was lost. */
  knownIds?: string[];
  dealId?: string;
  instanceId?: string;
}

/** @internal */
export function journalDir(cwd: string = process.cwd()): string {
  return path.join(cwd, ".pulumi-tencentcloud-redis", "purchases");
}

function fileFor(key: string, dir: string): string {
  return path.join(dir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
}

/** @internal */
export function readPurchase(key: string, dir: string = journalDir()): PurchaseRecord | undefined {
  try {
    const rec = JSON.parse(fs.readFileSync(fileFor(key, dir), "utf8")) as PurchaseRecord;
    return rec.key === key ? rec : undefined;
  } catch {
    return undefined;
  }
}

/** Writes atomically (temp file + rename) and fsyncs, so a kill mid-write leaves the old record or the new one. */
export function writePurchase(rec: PurchaseRecord, dir: string = journalDir()): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = fileFor(rec.key, dir);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(rec));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** @internal */
export function clearPurchase(key: string, dir: string = journalDir()): void {
  fs.rmSync(fileFor(key, dir), { force: true });
}
