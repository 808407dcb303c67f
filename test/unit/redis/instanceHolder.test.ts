import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withCallScope } from "../../../provider/callScope";
import {
  confirmHolder,
  describeHolder,
  heldByAnother,
  recordHolder,
  releaseHolder,
} from "../../../provider/redis/instance/instanceHolder";
import { readHolder, writeHolder } from "../../../provider/redis/orders/journal";

const PLUGIN_URN = "urn:pulumi:dev::shop::tencentcloud-redis:index:Instance::cache";
const OTHER_URN = "urn:pulumi:dev::shop::tencentcloud-redis:index:Instance::other";
const asPlugin = <T>(fn: () => T): Promise<T> => withCallScope({ resource: PLUGIN_URN }, async () => fn());

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((r) => child.once("exit", r));
  return child.pid ?? 0;
}

describe("which resource holds a taken-over instance", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "holder-"));
    process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR = dir;
  });
  afterEach(() => {
    delete process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("records nothing when the host names no resource (the dynamic host)", () => {
    recordHolder("crs-1", "import");
    expect(readHolder("crs-1")).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("while its writer runs, a delete by another resource (or an unnamed one) finds the holder; the holder's does not", async () => {
    await asPlugin(() => recordHolder("crs-1", "import"));
    expect(heldByAnother("crs-1")?.holder).toBe(PLUGIN_URN);
    expect(await withCallScope({ resource: OTHER_URN }, async () => heldByAnother("crs-1")?.holder)).toBe(PLUGIN_URN);
    expect(await asPlugin(() => heldByAnother("crs-1"))).toBeUndefined();
    expect(heldByAnother("crs-2")).toBeUndefined();
    releaseHolder("crs-1");
    expect(heldByAnother("crs-1")).toBeUndefined();
  });

  it("a record whose writer has exited (a preview's import) counts for nothing until a later process confirms it", async () => {
    await asPlugin(() => recordHolder("crs-1", "import"));
    const rec = readHolder("crs-1");
    if (!rec) throw new Error("no record");
    writeHolder({ ...rec, writer: { pid: await deadPid() } });
    expect(heldByAnother("crs-1")).toBeUndefined();
    // The holder's own process confirms nothing it wrote; another process seeing the holder in its state does.
    await asPlugin(() => recordHolder("crs-2", "import"));
    await asPlugin(() => confirmHolder("crs-2"));
    expect(readHolder("crs-2")?.confirmed).toBe(false);
    await asPlugin(() => confirmHolder("crs-1"));
    expect(readHolder("crs-1")?.confirmed).toBe(true);
    expect(heldByAnother("crs-1")?.holder).toBe(PLUGIN_URN);
  });

  it("another resource's call confirms nothing", async () => {
    await asPlugin(() => recordHolder("crs-1", "import"));
    const rec = readHolder("crs-1");
    if (!rec) throw new Error("no record");
    writeHolder({ ...rec, writer: { pid: await deadPid() } });
    await withCallScope({ resource: OTHER_URN }, async () => confirmHolder("crs-1"));
    confirmHolder("crs-1");
    expect(readHolder("crs-1")?.confirmed).toBe(false);
  });

  it("names the holder by type and name, and how and when it took the instance over", async () => {
    await asPlugin(() => recordHolder("crs-1", "adopt"));
    const rec = readHolder("crs-1");
    expect(rec && describeHolder(rec)).toMatch(
      /^tencentcloud-redis:index:Instance "cache" \(adopted \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
    );
  });
});
