import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  clearPurchase,
  journalDir,
  type PurchaseRecord,
  readPurchase,
  writePurchase,
} from "../../../provider/redis/journal";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crs-journal-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const record = (key: string, over: Partial<PurchaseRecord> = {}): PurchaseRecord => ({
  key,
  startedAt: 1_800_000_000_000,
  zoneId: 100002,
  typeId: 2,
  memSize: 2048,
  ...over,
});

describe("purchase journal", () => {
  it("places the journal beside the program", () => {
    expect(journalDir("/p")).toBe(path.join("/p", ".pulumi-tencentcloud-redis", "purchases"));
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

  it("treats a corrupt file as no record", () => {
    writePurchase(record("proj/dev/a"), dir);
    const [file] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, file!), "{not json");
    expect(readPurchase("proj/dev/a", dir)).toBeUndefined();
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
