import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  adaptiveSchedule,
  BatchPoller,
  createDealPoller,
  createInstancePoller,
  createTaskPoller,
  dealStatusClass,
  fanOutFetch,
  instanceStatusClass,
  PartialFetchError,
  pollerKey,
  resetSharedPollers,
  sharedPoller,
  taskStatusClass,
  WaitFailedError,
} from "../../../provider/wait";
import { type FakeState, fakeCloud, track } from "./fakeCloud";

const T0 = 1_700_000_000_000;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
  resetSharedPollers();
});

describe("status classes", () => {
  it("deals: 4 done, 5..11 failed, 1..3 and 12 (payment in progress) pending", () => {
    const table = Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((s) => [s, dealStatusClass(s)]));
    expect(table).toEqual({
      1: "pending",
      2: "pending",
      3: "pending",
      4: "success",
      5: "failure",
      6: "failure",
      7: "failure",
      8: "failure",
      9: "failure",
      10: "failure",
      11: "failure",
      12: "pending",
    });
  });

  it("tasks: 0/1 pending, 2 done, 3 and -1 failed", () => {
    expect([0, 1, 2, 3, -1].map(taskStatusClass)).toEqual(["pending", "pending", "success", "failure", "failure"]);
  });

  it("instances: 0/1 pending, 2 running, negative (isolated, deleted) failed", () => {
    expect([0, 1, 2, -2, -3].map(instanceStatusClass)).toEqual(["pending", "pending", "success", "failure", "failure"]);
  });
});

describe("typed pollers", () => {
  it("deal poller labels its errors and accepts statuses that arrive as strings", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("20170101", 7);
    const p = createDealPoller(cloud.fetch, { schedule: adaptiveSchedule({ random: () => 0 }) });
    const w = track(p.wait("20170101", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(250);
    expect(w.error).toBeInstanceOf(WaitFailedError);
    expect((w.error as Error).message).toBe("deal 20170101: failed after 0.3 s (status 7)");

    const stringly = createDealPoller(
      async (ids) => new Map(ids.map((id) => [id, { status: "4" as unknown as number }])),
    );
    const ok = track(stringly.wait("x", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(300);
    expect(ok.value).toEqual({ status: "4" });
  });

  it("instance poller waits for running and takes another target when asked", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("crs-1", 1);
    const running = createInstancePoller(cloud.fetch);
    const w = track(running.wait("crs-1", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(300);
    expect(w.settled).toBe(false);
    cloud.statuses.set("crs-1", 2);
    await vi.advanceTimersByTimeAsync(400);
    expect(w.value).toEqual({ status: 2 });

    cloud.statuses.set("crs-2", -2);
    const isolated = createInstancePoller(cloud.fetch, {
      classify: (s: FakeState) => (s.status === -2 ? "success" : "pending"),
    });
    const w2 = track(isolated.wait("crs-2", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(300);
    expect(w2.value).toEqual({ status: -2 });
  });

  it("task poller over a fan-out fetch: one call per id, one failing lookup does not hold up the rest", async () => {
    const seen: string[] = [];
    const failOnce = new Set(["t2"]);
    const fetchOne = async (id: string): Promise<FakeState | undefined> => {
      seen.push(id);
      if (failOnce.delete(id)) throw new Error("timeout");
      return { status: 2 };
    };
    const p = createTaskPoller(fanOutFetch(fetchOne, 2), { schedule: adaptiveSchedule({ random: () => 0 }) });
    const t1 = track(p.wait("t1", { deadlineMs: T0 + 60_000 }));
    const t2 = track(p.wait("t2", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(250);
    expect(seen).toEqual(["t1", "t2"]);
    expect(t1.value).toEqual({ status: 2 });
    expect(t2.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(375);
    expect(seen).toEqual(["t1", "t2", "t2"]);
    expect(t2.value).toEqual({ status: 2 });
  });

  it("a non-retryable per-id error rejects only that waiter", async () => {
    const gone = Object.assign(new Error("task not found"), { retryable: false });
    const p = createTaskPoller(
      fanOutFetch(async (id: string) => {
        if (id === "bad") throw gone;
        return { status: 1 };
      }),
    );
    const bad = track(p.wait("bad", { deadlineMs: T0 + 60_000 }));
    const good = track(p.wait("good", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(300);
    expect(bad.error).toBe(gone);
    expect(good.settled).toBe(false);
    expect(p.waiting).toBe(1);
  });
});

describe("fanOutFetch", () => {
  it("bounds concurrency and leaves unanswered ids out", async () => {
    let inFlight = 0;
    let max = 0;
    const fetch = fanOutFetch(async (id: string) => {
      inFlight++;
      max = Math.max(max, inFlight);
      await Promise.resolve();
      inFlight--;
      return id === "none" ? undefined : { status: 2 };
    }, 3);
    const out = await fetch(["a", "b", "c", "d", "e", "none"]);
    expect(max).toBe(3);
    expect([...out.keys()].sort()).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("throws the error itself when every lookup fails, a PartialFetchError when some do", async () => {
    const e = new Error("down");
    await expect(fanOutFetch(async () => Promise.reject(e))(["a", "b"])).rejects.toBe(e);
    const partial = fanOutFetch(async (id: string) => (id === "a" ? { status: 2 } : Promise.reject(e)));
    const err = await partial(["a", "b"]).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(PartialFetchError);
    expect((err as PartialFetchError).states.get("a")).toEqual({ status: 2 });
    expect((err as PartialFetchError).errors.get("b")).toBe(e);
  });
});

describe("sharedPoller", () => {
  it("keeps one poller per key, created on first call, so concurrent resources share one loop", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("d1", 4);
    cloud.statuses.set("d2", 4);
    const factory = vi.fn(() => createDealPoller(cloud.fetch));
    const key = pollerKey("deal", "https://redis.api.qcloud.com/v2/index.php", "AKIDsecretish", "ap-guangzhou");
    expect(factory).not.toHaveBeenCalled();
    const a = sharedPoller(key, factory);
    const b = sharedPoller(key, factory);
    expect(a).toBe(b);
    expect(factory).toHaveBeenCalledTimes(1);
    expect(sharedPoller(pollerKey("task", "x"), () => createTaskPoller(cloud.fetch))).not.toBe(a);

    const w1 = track(a.wait("d1", { deadlineMs: T0 + 60_000 }));
    const w2 = track(b.wait("d2", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(300);
    expect(cloud.calls).toEqual([["d1", "d2"]]);
    expect(w1.settled && w2.settled).toBe(true);
  });

  it("hashes key parts so no credential appears in the key", () => {
    const key = pollerKey("deal", "endpoint", "AKIDsecretish");
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain("AKID");
    expect(pollerKey("deal", "endpoint", "AKIDsecretish")).toBe(key);
    expect(pollerKey("deal", "endpoin", "tAKIDsecretish")).not.toBe(key);
  });

  it("builds a new poller after reset", () => {
    const make = () => new BatchPoller<string, FakeState>({ fetch: async () => new Map(), classify: () => "pending" });
    const first = sharedPoller("k", make);
    resetSharedPollers();
    expect(sharedPoller("k", make)).not.toBe(first);
  });
});
