import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { describeInstanceBackupsSchema } from "../../../provider/api";
import { asRedisBackup } from "../../../provider/redis/backup/backupReads";
import { KeyedCoalescer } from "../../../provider/wait/keyedCoalescer";

describe("KeyedCoalescer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A fetch that counts its calls per key and answers `<key>#<n>`. */
  const counting = () => {
    const calls: string[] = [];
    const fetch = async (key: string) => {
      calls.push(key);
      return `${key}#${calls.filter((k) => k === key).length}`;
    };
    return { calls, fetch };
  };

  it("requests for one key within the window share one fetch; other keys fetch on their own", async () => {
    const c = new KeyedCoalescer<string>();
    const { calls, fetch } = counting();
    const a1 = c.get("crs-a", fetch);
    await vi.advanceTimersByTimeAsync(10);
    const a2 = c.get("crs-a", fetch);
    const b = c.get("crs-b", fetch);
    expect(calls).toEqual([]); // nothing is sent before the window ends
    await vi.advanceTimersByTimeAsync(50);
    expect(await Promise.all([a1, a2, b])).toEqual(["crs-a#1", "crs-a#1", "crs-b#1"]);
    expect(calls.sort()).toEqual(["crs-a", "crs-b"]);
  });

  it("sends by maxWaitMs even when requests keep coming", async () => {
    const c = new KeyedCoalescer<string>({ quietMs: 20, maxWaitMs: 50 });
    const { calls, fetch } = counting();
    const got: Promise<string>[] = [];
    for (let i = 0; i < 5; i++) {
      got.push(c.get("k", fetch));
      await vi.advanceTimersByTimeAsync(15);
    }
    // 0, 15, 30, 45 joined the first batch (sent at 50); 60 opened the next one
    expect(calls).toEqual(["k"]);
    await vi.advanceTimersByTimeAsync(50);
    expect(await Promise.all(got)).toEqual(["k#1", "k#1", "k#1", "k#1", "k#2"]);
  });

  it("without maxAgeMs a request after the fetch started gets a fresh fetch", async () => {
    const c = new KeyedCoalescer<string>();
    const { fetch } = counting();
    const first = c.get("k", fetch);
    await vi.advanceTimersByTimeAsync(60);
    expect(await first).toBe("k#1");
    const second = c.get("k", fetch);
    await vi.advanceTimersByTimeAsync(60);
    expect(await second).toBe("k#2");
  });

  it("with maxAgeMs a recent fetch answers until it is too old or the write epoch moved", async () => {
    let epoch = 0;
    const c = new KeyedCoalescer<string>({ maxAgeMs: 10_000, epoch: () => epoch });
    const { calls, fetch } = counting();
    const first = c.get("k", fetch);
    await vi.advanceTimersByTimeAsync(60);
    expect(await first).toBe("k#1");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await c.get("k", fetch)).toBe("k#1");
    epoch = 1; // this process changed something: the listing may be stale
    const afterWrite = c.get("k", fetch);
    await vi.advanceTimersByTimeAsync(60);
    expect(await afterWrite).toBe("k#2");
    await vi.advanceTimersByTimeAsync(10_100);
    const old = c.get("k", fetch);
    await vi.advanceTimersByTimeAsync(60);
    expect(await old).toBe("k#3");
    expect(calls).toHaveLength(3);
  });

  it("an error reaches every request of the fetch and is not reused", async () => {
    const c = new KeyedCoalescer<string>({ maxAgeMs: 10_000 });
    let n = 0;
    const fetch = async () => {
      n++;
      if (n === 1) throw new Error("boom");
      return "ok";
    };
    const a = c.get("k", fetch);
    const b = c.get("k", fetch);
    const settled = Promise.allSettled([a, b]);
    await vi.advanceTimersByTimeAsync(60);
    expect((await settled).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    const again = c.get("k", fetch);
    await vi.advanceTimersByTimeAsync(60);
    expect(await again).toBe("ok");
    expect(n).toBe(2);
  });
});

describe("asRedisBackup (DescribeInstanceBackups in GetRedisBackupList's terms)", () => {
  const [doc] = describeInstanceBackupsSchema.parse({
    TotalCount: 1,
    RedisBackupSet: [
      { StartTime: "2018-09-04 12:51:21", BackupId: "b-1", BackupType: "0", Status: 2, Remark: "r", Locked: 0 },
    ],
  }).backups;

  it("keeps the state's type name for API 3.0's type code, and the status, time, remark and lock as listed", () => {
    expect(asRedisBackup(doc as NonNullable<typeof doc>, "manualBackupInstance")).toEqual({
      backupId: "b-1",
      startTime: "2018-09-04 12:51:21",
      backupType: "manualBackupInstance",
      status: 2,
      remark: "r",
      locked: 0,
    });
  });

  it("takes a type already named as GetRedisBackupList names it, and gives up without a name to keep", () => {
    const named = { ...(doc as NonNullable<typeof doc>), backupType: "systemBackupInstance" };
    expect(asRedisBackup(named, undefined)?.backupType).toBe("systemBackupInstance");
    expect(asRedisBackup(doc as NonNullable<typeof doc>, undefined)).toBeUndefined();
  });
});
