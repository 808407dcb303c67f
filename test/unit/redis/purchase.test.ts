import { describe, expect, it, vi } from "vitest";
import type { PurchaseRecord } from "../../../provider/redis/orders/journal";
import {
  claimed,
  defaultNameFor,
  lostAnswerCandidates,
  OrphanCandidateError,
  orphanCandidates,
  refuseOrphans,
} from "../../../provider/redis/orders/purchase";
import type { RedisView } from "../../../provider/redis/reads/instanceReads";
import { formatCrsTime } from "../../../provider/redis/reads/time";

/** An epoch ms as DescribeRedis prints createTime (China Standard Time). */
const crsTime = formatCrsTime;

const NOW = Date.now();
const view = (id: string, over: Partial<RedisView> = {}): RedisView => ({
  redisId: id,
  redisName: id,
  zoneId: 100002,
  typeId: 2,
  size: 1024,
  projectId: 0,
  status: 2,
  createTime: crsTime(NOW - 3600_000),
  ...over,
});
const inputs = { zoneId: 100002, typeId: 2, memSize: 1024, period: 1 };

describe("fresh-runner fail-safe: which instances could be an earlier run's purchase", () => {
  it("an unnamed instance of the declared shape, bought before this process started, is a candidate", () => {
    expect(orphanCandidates([view("crs-a")], inputs, NOW).map((r) => r.redisId)).toEqual(["crs-a"]);
  });

  it("named instances, other shapes, other projects or networks, old ones and ones bought since we started are not", () => {
    const all = [
      view("crs-named", { redisName: "orders" }),
      view("crs-2g", { size: 2048 }),
      view("crs-zone", { zoneId: 100003 }),
      view("crs-cluster", { typeId: 1 }),
      view("crs-proj", { projectId: 7 }),
      view("crs-vpc", { unVpcId: "vpc-1", unSubnetId: "subnet-1" }),
      view("crs-old", { createTime: crsTime(NOW - 8 * 86_400_000) }),
      view("crs-now", { createTime: crsTime(NOW + 1000) }),
    ];
    expect(orphanCandidates(all, inputs, NOW)).toEqual([]);
  });

  it("createTime has whole seconds: one in the second this process started stays a candidate (buying again is worse)", () => {
    // The process started 10 s before `now`, 700 ms into a second; createTime drops the milliseconds.
    const uptime = vi.spyOn(process, "uptime").mockReturnValue(10);
    try {
      const start = Math.floor(NOW / 1000) * 1000 - 5000 + 700;
      const now = start + 10_000;
      const all = [
        view("crs-same-second", { createTime: crsTime(start + 200) }),
        view("crs-next-second", { createTime: crsTime(start + 300) }),
      ];
      expect(orphanCandidates(all, inputs, now).map((r) => r.redisId)).toEqual(["crs-same-second"]);
    } finally {
      uptime.mockRestore();
    }
  });

  it("ignoreInstanceIds and this process's claims take an instance out", () => {
    const all = [view("crs-ign"), view("crs-claimed"), view("crs-left")];
    claimed().add("crs-claimed");
    const ids = orphanCandidates(all, { ...inputs, ignoreInstanceIds: ["crs-ign"] }, NOW).map((r) => r.redisId);
    expect(ids).toEqual(["crs-left"]);
  });

  it("the refusal names the candidate and both ways on", () => {
    expect(() => refuseOrphans([])).not.toThrow();
    const err = (() => {
      try {
        refuseOrphans([view("crs-x1")]);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(OrphanCandidateError);
    expect(err?.message).toMatch(/nothing was bought/);
    expect(err?.message).toContain('adoptInstanceId: "crs-x1"');
    expect(err?.message).toContain('ignoreInstanceIds: ["crs-x1"]');
  });
});

describe("lost CreateRedis answer: matching the instance it bought (review item 1)", () => {
  const rec: PurchaseRecord = {
    kind: "create",
    key: "p/s/cache",
    startedAt: NOW - 60_000,
    fingerprint: { zoneId: 100002, typeId: 2, memSize: 1024, period: 1 },
    knownIds: ["crs-before"],
  };
  const fresh = crsTime(NOW - 30_000);

  it("matches only an instance not listed before, of the whole shape, still unnamed and unclaimed", () => {
    const all = [
      view("crs-before", { createTime: fresh }),
      view("crs-ours", { createTime: fresh }),
      view("crs-other-stack", { createTime: fresh, redisName: "their-cache" }),
      view("crs-other-project", { createTime: fresh, projectId: 3 }),
      view("crs-taken", { createTime: fresh }),
      view("crs-older", { createTime: crsTime(NOW - 10 * 60_000) }),
    ];
    claimed().add("crs-taken");
    expect(lostAnswerCandidates(all, rec).map((r) => r.redisId)).toEqual(["crs-ours"]);
  });
});

describe("the name an undeclared-name instance gets", () => {
  it("is the resource name, made to fit the documented rule", () => {
    expect(defaultNameFor("proj/dev/cache")).toBe("cache");
    expect(defaultNameFor("proj/dev/my.cache")).toBe("my-cache");
    expect(defaultNameFor(`proj/dev/${"x".repeat(50)}`)).toHaveLength(36);
    expect(defaultNameFor("")).toBeUndefined();
  });
});
