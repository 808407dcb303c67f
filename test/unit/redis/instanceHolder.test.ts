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
  heldForSameName,
  recordHolder,
  releaseHolder,
} from "../../../provider/redis/instance/instanceHolder";
import { readHolder, writeHolder } from "../../../provider/redis/orders/journal";

const KEY = "shop/dev/cache";
const PLUGIN_URN = "urn:pulumi:dev::shop::tencentcloud-redis:index:Instance::cache";
const OTHER_URN = "urn:pulumi:dev::shop::tencentcloud-redis:index:Instance::other";
const asPlugin = <T>(fn: () => T): Promise<T> => withCallScope({ resource: PLUGIN_URN }, async () => fn());
const NONE = new Set<string>();

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((r) => child.once("exit", r));
  return child.pid ?? 0;
}

/** Makes crs-1's record look written by a process that has exited (a preview's plugin). */
async function writtenByExitedProcess(id: string): Promise<void> {
  const rec = readHolder(id);
  if (!rec) throw new Error(`no record of ${id}`);
  writeHolder({ ...rec, writer: { pid: await deadPid() } });
}

describe("which resource holds an instance", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "holder-"));
    process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR = dir;
  });
  afterEach(() => {
    delete process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a resource its host does not name is known by its purchase key; one with neither records nothing", () => {
    recordHolder("crs-1", "create", KEY);
    expect(readHolder("crs-1")).toMatchObject({ holder: `key:${KEY}`, purchaseKey: KEY, confirmed: true });
    recordHolder("crs-2", "create", undefined);
    expect(readHolder("crs-2")).toBeUndefined();
  });

  it("the holder's own delete goes on; another resource's delete finds the holder", async () => {
    recordHolder("crs-1", "create", KEY);
    expect(heldByAnother("crs-1", KEY)).toBeUndefined();
    await asPlugin(() => recordHolder("crs-1", "import", KEY));
    expect(heldByAnother("crs-1", KEY)?.holder).toBe(PLUGIN_URN); // the dynamic resource it was moved from
    expect(await withCallScope({ resource: OTHER_URN }, async () => heldByAnother("crs-1", KEY)?.holder)).toBe(
      PLUGIN_URN,
    );
    expect(await asPlugin(() => heldByAnother("crs-1", KEY))).toBeUndefined();
    expect(heldByAnother("crs-2", KEY)).toBeUndefined();
    releaseHolder("crs-1");
    expect(heldByAnother("crs-1", KEY)).toBeUndefined();
  });

  it("an import whose writer has exited (a preview's) counts for nothing until a later process confirms it", async () => {
    await asPlugin(() => recordHolder("crs-1", "import", KEY));
    await writtenByExitedProcess("crs-1");
    expect(heldByAnother("crs-1", KEY)).toBeUndefined();
    // The holder's own process confirms nothing it wrote; another process seeing the holder in its state does.
    await asPlugin(() => recordHolder("crs-2", "import", KEY));
    await asPlugin(() => confirmHolder("crs-2", KEY));
    expect(readHolder("crs-2")?.confirmed).toBe(false);
    await asPlugin(() => confirmHolder("crs-1", KEY));
    expect(readHolder("crs-1")?.confirmed).toBe(true);
    expect(heldByAnother("crs-1", KEY)?.holder).toBe(PLUGIN_URN);
  });

  it("another resource's call confirms nothing", async () => {
    await asPlugin(() => recordHolder("crs-1", "import", KEY));
    await writtenByExitedProcess("crs-1");
    await withCallScope({ resource: OTHER_URN }, async () => confirmHolder("crs-1", KEY));
    confirmHolder("crs-1", KEY);
    expect(readHolder("crs-1")?.confirmed).toBe(false);
  });

  it("a new resource of the same name under another class finds the instance the old one holds, unless exempted", async () => {
    recordHolder("crs-1", "create", KEY); // bought by the dynamic resource "cache"
    expect((await asPlugin(() => heldForSameName(KEY, NONE)))?.instanceId).toBe("crs-1");
    expect(await asPlugin(() => heldForSameName(KEY, new Set(["crs-1"])))).toBeUndefined();
    expect(heldForSameName(KEY, NONE)).toBeUndefined(); // the same resource (a replacement) buys as before
    expect(await asPlugin(() => heldForSameName("shop/dev/other", NONE))).toBeUndefined();
    releaseHolder("crs-1");
    expect(await asPlugin(() => heldForSameName(KEY, NONE))).toBeUndefined();
  });

  it("names the holder by type and name, or by name, and how and when it took the instance", async () => {
    await asPlugin(() => recordHolder("crs-1", "adopt", KEY));
    const rec = readHolder("crs-1");
    expect(rec && describeHolder(rec)).toMatch(
      /^tencentcloud-redis:index:Instance "cache" \(adopted \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
    );
    recordHolder("crs-2", "create", KEY);
    const dyn = readHolder("crs-2");
    expect(dyn && describeHolder(dyn)).toMatch(/^the resource "cache" \(bought \d{4}-/);
  });
});
