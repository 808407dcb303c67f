import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withCallScope } from "../../../provider/callScope";
import {
  describeHolder,
  heldByAnother,
  recordHolder,
  releaseHolder,
} from "../../../provider/redis/instance/instanceHolder";
import { readHolder } from "../../../provider/redis/orders/journal";

const PLUGIN_URN = "urn:pulumi:dev::shop::tencentcloud-redis:index:Instance::cache";
const OTHER_URN = "urn:pulumi:dev::shop::tencentcloud-redis:index:Instance::other";

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

  it("records nothing when the host names no resource (the dynamic host)", async () => {
    recordHolder("crs-1", "import");
    expect(readHolder("crs-1")).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("a delete by another resource, or by one its host does not name, finds the holder; the holder's own does not", async () => {
    await withCallScope({ resource: PLUGIN_URN }, async () => recordHolder("crs-1", "import"));
    expect(heldByAnother("crs-1")?.holder).toBe(PLUGIN_URN);
    expect(await withCallScope({ resource: OTHER_URN }, async () => heldByAnother("crs-1")?.holder)).toBe(PLUGIN_URN);
    expect(await withCallScope({ resource: PLUGIN_URN }, async () => heldByAnother("crs-1"))).toBeUndefined();
    expect(heldByAnother("crs-2")).toBeUndefined();
    releaseHolder("crs-1");
    expect(heldByAnother("crs-1")).toBeUndefined();
  });

  it("names the holder by type and name, and how and when it took the instance over", async () => {
    await withCallScope({ resource: PLUGIN_URN }, async () => recordHolder("crs-1", "adopt"));
    const rec = readHolder("crs-1");
    expect(rec && describeHolder(rec)).toMatch(
      /^tencentcloud-redis:index:Instance "cache" \(adopted \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
    );
  });
});
