import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { ProviderError } from "../../errors";
import { stackConfig } from "../../runtime/stackConfig";

/**
 * A durable record of orders in flight, one small JSON file per resource and order, written before CreateRedis,
 * RenewRedis or UpgradeRedis is sent and updated as soon as the deal id (and for a create, the instance id) is known.
 *
 * Why: if `pulumi` is killed during the wait (CI cancelled, machine lost), the engine keeps only a "pending create"
 * (or the old state of an update) and the next `pulumi up` calls `create` / `update` again. Without this record that
 * call would order again. The files hold no secret (ids, times, the shape of what was ordered). The folder is the
 * stack config `tencentcloud-redis:journalDir`, else `TENCENTCLOUD_REDIS_JOURNAL_DIR`, else
 * `.pulumi-tencentcloud-redis/purchases/` beside the program: a CI runner that is new every run should keep it
 * between runs (a cache keyed by the stack), as it keeps the state.
 * @internal
 */

/** The shape of what a create buys; a lost answer is matched to an instance by all of it. */
export const fingerprintSchema = z.object({
  zoneId: z.number(),
  typeId: z.number(),
  memSize: z.number(),
  period: z.number(),
  projectId: z.number().optional(),
  vpcId: z.string().optional(),
  subnetId: z.string().optional(),
});
export type Fingerprint = z.infer<typeof fingerprintSchema>;

const purchaseSchema = z.object({
  kind: z.literal("create").default("create"),
  /** `<project>/<stack>/<resource name>`; the file name is its hash. */
  key: z.string(),
  startedAt: z.number(),
  fingerprint: fingerprintSchema,
  /** Instances that existed before the purchase, to tell ours apart if the answer to CreateRedis was lost. */
  knownIds: z.array(z.string()).optional(),
  dealId: z.string().optional(),
  instanceId: z.string().optional(),
  /** create returned: kept until a later call shows the engine recorded the instance (the plugin can outlive pulumi). */
  completedAt: z.number().optional(),
});
export type PurchaseRecord = z.infer<typeof purchaseSchema>;

const orderSchema = z.object({
  kind: z.enum(["renew", "upgrade"]),
  /** `<purchase key>#<kind>` */
  key: z.string(),
  instanceId: z.string(),
  startedAt: z.number(),
  /** renew: the deadline (epoch ms) before the order and the months ordered; upgrade: the sizes. */
  deadlineBefore: z.number().optional(),
  months: z.number().optional(),
  memSizeBefore: z.number().optional(),
  memSize: z.number().optional(),
  dealId: z.string().optional(),
});
export type OrderRecord = z.infer<typeof orderSchema>;

/**
 * Which resource holds an instance: the one that bought it, or took it over (an import, an adoption). A delete by
 * any other resource that still lists the instance (the one a stack moved away from) leaves it alone, and a new
 * resource of the same name is not let buy a second one (redis/instance/instanceHolder.ts).
 */
const holderSchema = z.object({
  kind: z.literal("holder"),
  /** `held#<instanceId>` */
  key: z.string(),
  instanceId: z.string(),
  /** The resource's identity: its URN when its host names it, else `key:<purchase key>`. */
  holder: z.string(),
  /** The holder's purchase key (`<project>/<stack>/<resource name>`). */
  purchaseKey: z.string().optional(),
  since: z.number(),
  how: z.enum(["create", "import", "adopt"]),
  /** The process that wrote it (pid, and its start as /proc tells it): a record of a preview dies with its process. */
  writer: z.object({ pid: z.number(), start: z.string().optional() }),
  /** A later process saw the holder in the state: the engine kept what the writer did. */
  confirmed: z.boolean(),
});
export type HolderRecord = z.infer<typeof holderSchema>;

/** The journal exists but cannot be read: never read as "nothing was ordered". */
export class JournalError extends ProviderError {
  override readonly name = "JournalError";
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      `the order journal ${file} cannot be read (${detail}); nothing is ordered while it is unreadable. ` +
        "Fix its permissions or contents, or delete it once you have checked in the console that no order of this " +
        "resource is open.",
    );
  }
}

/** @internal */
export function journalDir(cwd: string = process.cwd()): string {
  const configured = stackConfig()["tencentcloud-redis:journalDir"] ?? process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR;
  if (configured !== undefined && configured !== "") return path.resolve(cwd, configured);
  return path.join(cwd, ".pulumi-tencentcloud-redis", "purchases");
}

function fileFor(key: string, dir: string): string {
  return path.join(dir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
}

function readRecord<T>(key: string, dir: string, schema: z.ZodType<T>): T | undefined {
  const file = fileFor(key, dir);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new JournalError(file, (err as Error).message);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new JournalError(file, `not JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new JournalError(file, `unexpected contents: ${parsed.error.issues[0]?.message}`);
  const rec = parsed.data as T & { key: string };
  return rec.key === key ? rec : undefined;
}

/** Writes atomically (temp file + rename) and fsyncs, so a kill mid-write leaves the old record or the new one. */
function writeRecord(rec: { key: string }, dir: string): void {
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
export function readPurchase(key: string, dir: string = journalDir()): PurchaseRecord | undefined {
  return readRecord(key, dir, purchaseSchema);
}

/** @internal */
export function writePurchase(rec: PurchaseRecord, dir: string = journalDir()): void {
  writeRecord(rec, dir);
}

/** @internal */
export function clearPurchase(key: string, dir: string = journalDir()): void {
  fs.rmSync(fileFor(key, dir), { force: true });
}

/** The key of a renewal or upgrade of the resource with this purchase key. @internal */
export function orderKey(purchaseKey: string, kind: OrderRecord["kind"]): string {
  return `${purchaseKey}#${kind}`;
}

/** @internal */
export function readOrder(key: string, dir: string = journalDir()): OrderRecord | undefined {
  return readRecord(key, dir, orderSchema);
}

/** @internal */
export function writeOrder(rec: OrderRecord, dir: string = journalDir()): void {
  writeRecord(rec, dir);
}

/** @internal */
export function clearOrder(key: string, dir: string = journalDir()): void {
  fs.rmSync(fileFor(key, dir), { force: true });
}

/**
 * The engine has recorded the instance (a call came with its id in the state): the journal has done its job. Until
 * then it stays, even after `create` returned, because the plugin can outlive a killed `pulumi` and finish a create
 * whose result no state ever records.
 * @internal
 */
export function settlePurchase(props: Record<string, unknown>, id: string | undefined): void {
  const key = typeof props.__purchaseKey === "string" ? props.__purchaseKey : "";
  if (!key) return;
  try {
    const rec = readPurchase(key);
    const dealId = typeof props.__dealId === "string" && props.__dealId !== "" ? props.__dealId : undefined;
    const recorded = (id !== undefined && rec?.instanceId === id) || (dealId !== undefined && rec?.dealId === dealId);
    if (recorded) clearPurchase(key);
  } catch (err) {
    if (!(err instanceof JournalError)) throw err;
    // An unreadable journal is reported by the next create that needs it, not by every diff.
  }
}

const holderKey = (instanceId: string): string => `held#${instanceId}`;

/** @internal */
export function readHolder(instanceId: string, dir: string = journalDir()): HolderRecord | undefined {
  return readRecord(holderKey(instanceId), dir, holderSchema);
}

/** @internal */
export function writeHolder(rec: Omit<HolderRecord, "kind" | "key">, dir: string = journalDir()): void {
  const full: HolderRecord = { kind: "holder", key: holderKey(rec.instanceId), ...rec };
  writeRecord(full, dir);
}

/** @internal */
export function clearHolder(instanceId: string, dir: string = journalDir()): void {
  fs.rmSync(fileFor(holderKey(instanceId), dir), { force: true });
}

/** Every holder record of the journal (a small folder: one file per instance and order in flight). @internal */
export function listHolders(dir: string = journalDir()): HolderRecord[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new JournalError(dir, (err as Error).message);
  }
  return files.flatMap((f) => {
    try {
      const parsed = holderSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return []; // another kind of record, or one being replaced: not a holder record
    }
  });
}
