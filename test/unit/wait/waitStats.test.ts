import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  learnedEstimate,
  readWaitStats,
  recordWaitSample,
  SAMPLES_PER_KIND,
  waitStatsFile,
} from "../../../provider/wait";

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wait-stats-"));
  file = waitStatsFile(dir);
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("wait stats", () => {
  it("lives beside the purchase journal", () => {
    expect(file).toBe(path.join(dir, ".pulumi-tencentcloud-redis", "wait-stats.json"));
  });

  it("is cold without a file, and learns from recorded waits", () => {
    expect(learnedEstimate("k:deal:create", file)).toBeUndefined();
    recordWaitSample("k:deal:create", { lastPendingMs: 59_100, doneMs: 60_050 }, file);
    recordWaitSample("k:deal:create", { lastPendingMs: 59_900, doneMs: 60_150 }, file);
    expect(learnedEstimate("k:deal:create", file)).toEqual({ earliestMs: 59_900, latestMs: 60_050 });
    expect(learnedEstimate("k:deal:renew", file)).toBeUndefined();
  });

  it("keeps only the newest samples of each kind", () => {
    for (let i = 0; i < SAMPLES_PER_KIND + 3; i++) recordWaitSample("k", { lastPendingMs: i, doneMs: i + 1 }, file);
    const kept = readWaitStats(file).k ?? [];
    expect(kept).toHaveLength(SAMPLES_PER_KIND);
    expect(kept[0]?.lastPendingMs).toBe(3);
  });

  it("reads a corrupt file as no history, and replaces it on the next record", () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"version":1,"kinds":{"k":[{"lastPendingMs":1,"doneMs":2}');
    expect(readWaitStats(file)).toEqual({});
    recordWaitSample("k", { lastPendingMs: 5, doneMs: 9 }, file);
    expect(readWaitStats(file)).toEqual({ k: [{ lastPendingMs: 5, doneMs: 9 }] });
  });

  it("drops malformed entries and keeps the rest", () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({ version: 1, kinds: { a: "x", b: [{ lastPendingMs: "1" }, { lastPendingMs: 1, doneMs: 2 }] } }),
    );
    expect(readWaitStats(file)).toEqual({ b: [{ lastPendingMs: 1, doneMs: 2 }] });
  });

  it("ignores samples that make no sense and never throws when it cannot write", () => {
    recordWaitSample("k", { lastPendingMs: 10, doneMs: 5 }, file);
    expect(fs.existsSync(file)).toBe(false);
    const blocked = path.join(dir, "not-a-dir");
    fs.writeFileSync(blocked, "");
    expect(() => recordWaitSample("k", { lastPendingMs: 1, doneMs: 2 }, waitStatsFile(blocked))).not.toThrow();
  });

  it("writes atomically: no temp file is left behind", () => {
    recordWaitSample("k", { lastPendingMs: 1, doneMs: 2 }, file);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["wait-stats.json"]);
  });
});
