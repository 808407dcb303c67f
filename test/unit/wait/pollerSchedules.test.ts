import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  adaptiveSchedule,
  anchorSchedule,
  BatchPoller,
  firstPollNow,
  learnedSchedule,
  type PollSchedule,
} from "../../../provider/wait";
import { type FakeState, fakeCloud, track } from "./fakeCloud";

const T0 = 1_700_000_000_000;
const classify = (s: FakeState) => (s.status === 4 ? "success" : s.status >= 5 ? "failure" : "pending");
const every = (ms: number): PollSchedule => ({ delayMs: () => ms });

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("BatchPoller with per-waiter schedules", () => {
  it("keeps each waiter's own next-due time while they share one loop and one fetch per tick", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("fast", 3);
    cloud.statuses.set("slow", 3);
    const p = new BatchPoller<string, FakeState>({ fetch: cloud.fetch, classify, rideAlong: false });
    track(p.wait("fast", { deadlineMs: T0 + 10_000, schedule: every(100) }));
    track(p.wait("slow", { deadlineMs: T0 + 10_000, schedule: every(300) }));
    await vi.advanceTimersByTimeAsync(600);
    const times = cloud.callTimes.map((t) => t - T0);
    expect(cloud.calls.filter((c) => c.includes("fast"))).toHaveLength(6);
    expect(cloud.calls.filter((c) => c.includes("slow"))).toHaveLength(2);
    // Ticks where both are due go out as one call.
    expect(cloud.calls[times.indexOf(300)]).toEqual(["fast", "slow"]);
  });

  it("lets waiters ride along by default: one batched call carries everyone", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("a", 3);
    cloud.statuses.set("b", 3);
    const p = new BatchPoller<string, FakeState>({ fetch: cloud.fetch, classify });
    track(p.wait("a", { deadlineMs: T0 + 10_000, schedule: every(100) }));
    track(p.wait("b", { deadlineMs: T0 + 10_000, schedule: every(1000) }));
    await vi.advanceTimersByTimeAsync(300);
    expect(cloud.calls).toEqual([
      ["a", "b"],
      ["a", "b"],
      ["a", "b"],
    ]);
  });

  it("a waiter with a learnt schedule ends when its deal does, beside a cold one", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("warm", 3);
    cloud.statuses.set("cold", 3);
    const p = new BatchPoller<string, FakeState>({
      fetch: cloud.fetch,
      classify,
      schedule: adaptiveSchedule({ random: () => 0 }),
    });
    const warm = track(
      p.wait("warm", {
        deadlineMs: T0 + 120_000,
        schedule: learnedSchedule({ earliestMs: 59_100, latestMs: 60_050 }, { random: () => 0 }),
      }),
    );
    const cold = track(p.wait("cold", { deadlineMs: T0 + 120_000 }));
    await vi.advanceTimersByTimeAsync(60_000);
    cloud.statuses.set("warm", 4);
    cloud.statuses.set("cold", 4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(warm.settled && cold.settled).toBe(true);
    expect((warm.at as number) - T0).toBeLessThanOrEqual(60_250);
    expect((cold.at as number) - T0).toBeLessThanOrEqual(61_000);
  });

  it("firstPollNow polls at once, then follows the schedule", () => {
    const s = firstPollNow(anchorSchedule());
    expect([0, 1, 2, 3].map((a) => s.delayMs(a, 0))).toEqual([0, 1000, 2000, 4000]);
  });

  it("the anchor baseline (maxBatch 1, no ride-along) makes one call per id per poll at 1, 3, 7, 15 s", async () => {
    const cloud = fakeCloud();
    for (const id of ["a", "b", "c"]) cloud.statuses.set(id, 3);
    const p = new BatchPoller<string, FakeState>({
      fetch: cloud.fetch,
      classify,
      schedule: anchorSchedule(),
      maxBatch: 1,
      rideAlong: false,
    });
    for (const id of ["a", "b", "c"]) track(p.wait(id, { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(cloud.calls).toHaveLength(12);
    expect(cloud.calls.every((c) => c.length === 1)).toBe(true);
    expect([...new Set(cloud.callTimes.map((t) => t - T0))]).toEqual([1000, 3000, 7000, 15_000]);
  });
});
