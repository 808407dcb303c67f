import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  clearOrder,
  clearPurchase,
  JournalError,
  journalDir,
  orderKey,
  type PurchaseRecord,
  readOrder,
  readPurchase,
  writeOrder,
  writePurchase,
} from "../../../provider/redis/orders/journal";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crs-journal-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const record = (key: string, over: Partial<PurchaseRecord> = {}): PurchaseRecord => ({
  key,
  kind: "create",
  startedAt: 1_800_000_000_000,
  fingerprint: { zoneId: 100002, typeId: 2, memSize: 2048, period: 1 },
  ...over,
});

describe("purchase journal", () => {
  it("places the journal beside the program, or where TENCENTCLOUD_REDIS_JOURNAL_DIR says", () => {
    const saved = process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR;
    try {
      delete process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR;
      expect(journalDir("/p")).toBe(path.join("/p", ".pulumi-tencentcloud-redis", "purchases"));
      process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR = "ci-cache/journal";
      expect(journalDir("/p")).toBe(path.join("/p", "ci-cache", "journal"));
      process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR = "/cache/j";
      expect(journalDir("/p")).toBe("/cache/j");
    } finally {
      if (saved === undefined) delete process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR;
      else process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR = saved;
    }
  });

  it("reads back what was written, creating the folder", () => {
    const sub = path.join(dir, "a", "b");
    const rec = record("proj/dev/cache", { knownIds: ["crs-0"], dealId: "d-1" });
    writePurchase(rec, sub);
    expect(readPurchase("proj/dev/cache", sub)).toEqual(rec);
  });

  it("replaces a record on a second write", () => {
    writePurchase(record("proj/dev/cache"), dir);
    writePurchase(record("proj/dev/cache", { dealId: "d-1", instanceId: "crs-9" }), dir);
    expect(readPurchase("proj/dev/cache", dir)).toMatchObject({ dealId: "d-1", instanceId: "crs-9" });
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  it("leaves no temporary files and keeps the file private", () => {
    writePurchase(record("proj/dev/a"), dir);
    writePurchase(record("proj/dev/b"), dir);
    writePurchase(record("proj/dev/a", { dealId: "d" }), dir);
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(2);
    for (const f of files) {
      expect(f).toMatch(/^[0-9a-f]{32}\.json$/);
      expect(fs.statSync(path.join(dir, f)).mode & 0o077).toBe(0);
    }
  });

  it("returns undefined for a key never written", () => {
    writePurchase(record("proj/dev/a"), dir);
    expect(readPurchase("proj/dev/b", dir)).toBeUndefined();
    expect(readPurchase("proj/dev/a", path.join(dir, "missing"))).toBeUndefined();
  });

  it("does not return a record whose key differs from the one asked for, even in that key's file", () => {
    writePurchase(record("proj/dev/a"), dir);
    writePurchase(record("proj/dev/b"), dir);
    const before = new Set(fs.readdirSync(dir));
    clearPurchase("proj/dev/b", dir);
    const [fileA] = fs.readdirSync(dir);
    const [fileB] = [...before].filter((f) => f !== fileA);
    fs.copyFileSync(path.join(dir, fileA!), path.join(dir, fileB!));
    expect(readPurchase("proj/dev/b", dir)).toBeUndefined();
    expect(readPurchase("proj/dev/a", dir)?.key).toBe("proj/dev/a");
  });

  // Review item 3: an unreadable record read as "no record" led to a second purchase.
  it("refuses a corrupt file instead of reading it as no record", () => {
    writePurchase(record("proj/dev/a"), dir);
    const [file] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, file!), "{not json");
    expect(() => readPurchase("proj/dev/a", dir)).toThrow(JournalError);
    expect(() => readPurchase("proj/dev/a", dir)).toThrow(/cannot be read .*not JSON.*nothing is ordered/);
  });

  it("refuses a record it cannot open (not a file, no permission) instead of reading it as no record", () => {
    writePurchase(record("proj/dev/a"), dir);
    const [file] = fs.readdirSync(dir);
    fs.rmSync(path.join(dir, file!));
    fs.mkdirSync(path.join(dir, file!)); // EISDIR: also what root meets where a mode would not stop it
    expect(() => readPurchase("proj/dev/a", dir)).toThrow(JournalError);
  });

  it("refuses a record of the wrong shape", () => {
    writePurchase(record("proj/dev/a"), dir);
    const [file] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, file!), JSON.stringify({ key: "proj/dev/a", startedAt: "yesterday" }));
    expect(() => readPurchase("proj/dev/a", dir)).toThrow(/unexpected contents/);
  });

  it("keeps renewals and upgrades apart from the purchase", () => {
    writePurchase(record("proj/dev/a"), dir);
    const renew = { kind: "renew" as const, key: orderKey("proj/dev/a", "renew"), instanceId: "crs-1", startedAt: 1 };
    writeOrder({ ...renew, deadlineBefore: 5, months: 2 }, dir);
    expect(readOrder(orderKey("proj/dev/a", "renew"), dir)).toMatchObject({ months: 2, deadlineBefore: 5 });
    expect(readOrder(orderKey("proj/dev/a", "upgrade"), dir)).toBeUndefined();
    clearOrder(orderKey("proj/dev/a", "renew"), dir);
    expect(readOrder(orderKey("proj/dev/a", "renew"), dir)).toBeUndefined();
    expect(readPurchase("proj/dev/a", dir)?.key).toBe("proj/dev/a");
  });

  it("clears only the given key, and clearing twice is harmless", () => {
    writePurchase(record("proj/dev/a"), dir);
    writePurchase(record("proj/dev/b"), dir);
    clearPurchase("proj/dev/a", dir);
    clearPurchase("proj/dev/a", dir);
    expect(readPurchase("proj/dev/a", dir)).toBeUndefined();
    expect(readPurchase("proj/dev/b", dir)?.key).toBe("proj/dev/b");
  });
});
