import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  adaptiveSchedule,
  anchorSchedule,
  BatchPoller,
  type PollSchedule,
  WaitAbortedError,
  WaitFailedError,
  WaitTimeoutError,
} from "../../../provider/wait";
import { type FakeCloud, type FakeState, fakeCloud, track } from "./fakeCloud";

const T0 = 1_700_000_000_000;
/** No jitter: delays 250, 375, 562.5, 843.75, then 1000 ms. */
const exact = (): PollSchedule => adaptiveSchedule({ random: () => 0 });
const classify = (s: FakeState) => (s.status === 4 ? "success" : s.status >= 5 ? "failure" : "pending");

function poller(
  cloud: FakeCloud,
  extra: Partial<ConstructorParameters<typeof BatchPoller<string, FakeState>>[0]> = {},
) {
  return new BatchPoller<string, FakeState>({
    fetch: cloud.fetch,
    classify,
    schedule: exact(),
    kind: "deal",
    ...extra,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("BatchPoller batching", () => {
  it("puts 10 concurrent waiters into one fetch per tick", async () => {
    const cloud = fakeCloud();
    const p = poller(cloud);
    const ids = Array.from({ length: 10 }, (_, i) => `d${i}`);
    for (const id of ids) cloud.statuses.set(id, 3);
    const waits = ids.map((id) => track(p.wait(id, { deadlineMs: T0 + 60_000 })));

    await vi.advanceTimersByTimeAsync(250);
    expect(cloud.calls).toEqual([ids]);
    await vi.advanceTimersByTimeAsync(375);
    expect(cloud.calls).toHaveLength(2);
    expect(cloud.calls[1]).toEqual(ids);

    for (const id of ids) cloud.statuses.set(id, 4);
    await vi.advanceTimersByTimeAsync(563);
    expect(cloud.calls).toHaveLength(3);
    expect(waits.every((w) => w.settled && (w.value as FakeState).status === 4)).toBe(true);
    expect(cloud.maxInFlight).toBe(1);
  });

  it("waits that start in the same turn, after a chain of awaits, share the first tick", async () => {
    const cloud = fakeCloud();
    const now = (): PollSchedule => ({ delayMs: (attempt) => (attempt === 0 ? 0 : 1000) });
    const p = poller(cloud, { schedule: now() });
    for (const id of ["a", "b", "c"]) cloud.statuses.set(id, 4);
    // As after one deal poll: each resumed create passes a few awaits before it starts its wait.
    const later = async (id: string, hops: number) => {
      for (let i = 0; i < hops; i++) await Promise.resolve();
      return p.wait(id, { deadlineMs: T0 + 60_000 });
    };
    const waits = [track(later("a", 0)), track(later("b", 5)), track(later("c", 12))];
    await vi.advanceTimersByTimeAsync(0);
    expect(cloud.calls).toEqual([["a", "b", "c"]]);
    expect(waits.every((w) => w.settled)).toBe(true);
  });

  it("chunks by maxBatch within the same tick", async () => {
    const cloud = fakeCloud();
    const p = poller(cloud, { maxBatch: 2 });
    for (const id of ["a", "b", "c", "d", "e"]) track(p.wait(id, { deadlineMs: T0 + 1000 }));
    await vi.advanceTimersByTimeAsync(250);
    expect(cloud.calls).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  it("polls an id once per tick even when two waiters want it", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("a", 4);
    const p = poller(cloud);
    const w1 = track(p.wait("a", { deadlineMs: T0 + 1000 }));
    const w2 = track(p.wait("a", { deadlineMs: T0 + 1000 }));
    await vi.advanceTimersByTimeAsync(250);
    expect(cloud.calls).toEqual([["a"]]);
    expect(w1.value).toEqual({ status: 4 });
    expect(w2.value).toEqual({ status: 4 });
  });
});

describe("BatchPoller loop lifetime", () => {
  it("stops the loop when nothing waits and restarts it for a new waiter", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("a", 4);
    const p = poller(cloud);
    expect(p.running).toBe(false);
    const w = track(p.wait("a", { deadlineMs: T0 + 10_000 }));
    expect(p.running).toBe(true);
    await vi.advanceTimersByTimeAsync(250);
    expect(w.value).toEqual({ status: 4 });
    await vi.advanceTimersByTimeAsync(0);
    expect(p.running).toBe(false);
    expect(p.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cloud.calls).toHaveLength(1);

    cloud.statuses.set("b", 4);
    const w2 = track(p.wait("b", { deadlineMs: T0 + 120_000 }));
    await vi.advanceTimersByTimeAsync(250);
    expect(w2.value).toEqual({ status: 4 });
    expect(cloud.calls).toEqual([["a"], ["b"]]);
  });

  it("lets a late waiter join the running loop with an early first poll", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("old", 3);
    const p = poller(cloud);
    track(p.wait("old", { deadlineMs: T0 + 60_000 }));
    // Polls at 250, 625, 1187.5, 2031.25, 3031.25, 4031.25, 5031.25: the loop is at its 1 s cap.
    await vi.advanceTimersByTimeAsync(5100);
    const before = cloud.calls.length;
    expect(before).toBe(7);

    cloud.statuses.set("new", 4);
    const joined = Date.now();
    const late = track(p.wait("new", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(250);
    // One fetch with both ids, 250 ms after joining rather than at the old waiter's next slot (6031.25).
    expect(cloud.calls).toHaveLength(before + 1);
    expect(cloud.calls.at(-1)).toEqual(["old", "new"]);
    expect(cloud.callTimes.at(-1)).toBe(joined + 250);
    expect(late.value).toEqual({ status: 4 });
    expect(cloud.maxInFlight).toBe(1);
  });

  it("does not end a wait with an answer fetched before the wait began", async () => {
    let release: (() => void) | undefined;
    const calls: string[][] = [];
    const p = new BatchPoller<string, FakeState>({
      classify,
      schedule: exact(),
      fetch: async (ids) => {
        calls.push(ids);
        if (calls.length === 1) await new Promise<void>((r) => (release = r));
        return new Map(ids.map((id) => [id, { status: 4 }]));
      },
    });
    const first = track(p.wait("x", { deadlineMs: T0 + 10_000 }));
    await vi.advanceTimersByTimeAsync(250);
    expect(calls).toEqual([["x"]]);
    // Joins while the first fetch (which started before it) is in flight.
    const second = track(p.wait("x", { deadlineMs: T0 + 10_000 }));
    release?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(first.settled).toBe(true);
    expect(second.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(250);
    expect(calls).toEqual([["x"], ["x"]]);
    expect(second.value).toEqual({ status: 4 });
  });
});

describe("BatchPoller end states", () => {
  it("times out at the deadline with the last state, elapsed time and label", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("2017A", 3);
    const p = poller(cloud);
    const w = track(
      p.wait("2017A", { deadlineMs: T0 + 5000, label: "deal 2017A", timeoutHint: "raise waitTimeoutSeconds" }),
    );
    await vi.advanceTimersByTimeAsync(4999);
    expect(w.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.error).toBeInstanceOf(WaitTimeoutError);
    const err = w.error as WaitTimeoutError<FakeState>;
    expect(err.name).toBe("WaitTimeoutError");
    expect(err.lastState).toEqual({ status: 3 });
    expect(err.elapsedMs).toBe(5000);
    expect(err.label).toBe("deal 2017A");
    expect(err.id).toBe("2017A");
    expect(err.polls).toBe(cloud.calls.length);
    expect(err.message).toBe("deal 2017A: still pending after 5 s (status 3); raise waitTimeoutSeconds");
    // The last poll happened exactly at the deadline: the loop never slept past it.
    expect(cloud.callTimes.at(-1)).toBe(T0 + 5000);
    expect(w.at).toBe(T0 + 5000);
  });

  it("polls once even when the deadline has already passed", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("a", 4);
    const p = poller(cloud);
    const w = track(p.wait("a", { deadlineMs: T0 - 1 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(w.value).toEqual({ status: 4 });
  });

  it("rejects with WaitFailedError carrying the failing state", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("a", 3);
    const p = poller(cloud);
    const w = track(p.wait("a", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(250);
    cloud.statuses.set("a", 5);
    await vi.advanceTimersByTimeAsync(375);
    expect(w.error).toBeInstanceOf(WaitFailedError);
    const err = w.error as WaitFailedError<FakeState>;
    expect(err.lastState).toEqual({ status: 5 });
    expect(err.polls).toBe(2);
    expect(err.message).toBe("deal a: failed after 0.6 s (status 5)");
  });

  it("wait errors carry the polled action when the poller was told it (and an empty one otherwise)", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("a", 3);
    cloud.statuses.set("b", 5);
    const told = track(poller(cloud, { action: "DescribeRedisDealDetail" }).wait("a", { deadlineMs: T0 + 1000 }));
    const failed = track(poller(cloud, { action: "DescribeRedisDealDetail" }).wait("b", { deadlineMs: T0 + 1000 }));
    const untold = track(poller(cloud).wait("a", { deadlineMs: T0 + 1000 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect((told.error as WaitTimeoutError<FakeState>).action).toBe("DescribeRedisDealDetail");
    expect((failed.error as WaitFailedError<FakeState>).action).toBe("DescribeRedisDealDetail");
    expect((untold.error as WaitTimeoutError<FakeState>).action).toBe("");
  });

  it("aborts one waiter at once and keeps polling the others", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("a", 3);
    cloud.statuses.set("b", 3);
    const p = poller(cloud);
    const ctl = new AbortController();
    const a = track(p.wait("a", { deadlineMs: T0 + 60_000, signal: ctl.signal }));
    const b = track(p.wait("b", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(300);
    ctl.abort(new Error("user cancelled"));
    await vi.advanceTimersByTimeAsync(0);
    expect(a.error).toBeInstanceOf(WaitAbortedError);
    const err = a.error as WaitAbortedError<FakeState>;
    expect(err.lastState).toEqual({ status: 3 });
    expect(err.elapsedMs).toBe(300);
    expect((err.cause as Error).message).toBe("user cancelled");
    expect(b.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(400);
    expect(cloud.calls.at(-1)).toEqual(["b"]);
  });

  it("rejects at once, without fetching, for an already aborted signal", async () => {
    const cloud = fakeCloud();
    const p = poller(cloud);
    const w = track(p.wait("a", { deadlineMs: T0 + 60_000, signal: AbortSignal.abort() }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(w.error).toBeInstanceOf(WaitAbortedError);
    expect(cloud.calls).toHaveLength(0);
    expect(p.running).toBe(false);
  });

  it("stops the loop when the last waiter aborts", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("a", 3);
    const p = poller(cloud);
    const ctl = new AbortController();
    track(p.wait("a", { deadlineMs: T0 + 60_000, signal: ctl.signal }));
    await vi.advanceTimersByTimeAsync(100);
    ctl.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(p.running).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cloud.calls).toHaveLength(0);
  });
});

describe("BatchPoller fetch errors and missing ids", () => {
  it("retries a failing fetch on the next tick", async () => {
    const cloud = fakeCloud();
    cloud.statuses.set("a", 4);
    cloud.failNext.push(new Error("ECONNRESET"), new Error("ECONNRESET"));
    const p = poller(cloud);
    const w = track(p.wait("a", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(250 + 375);
    expect(w.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(563);
    expect(cloud.calls).toHaveLength(3);
    expect(w.value).toEqual({ status: 4 });
  });

  it("puts the last fetch error into the timeout error", async () => {
    const cloud = fakeCloud();
    const boom = Object.assign(new Error("throttled"), { retryable: true });
    for (let i = 0; i < 20; i++) cloud.failNext.push(boom);
    const p = poller(cloud);
    const w = track(p.wait("a", { deadlineMs: T0 + 2000 }));
    await vi.advanceTimersByTimeAsync(2000);
    const err = w.error as WaitTimeoutError;
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.lastError).toBe(boom);
    expect(err.cause).toBe(boom);
    expect(err.lastState).toBeUndefined();
    expect(err.message).toBe(
      "deal a: still pending after 2 s (last poll failed: Error: throttled); raise the wait timeout",
    );
  });

  it("rejects the waiters of a non-retryable fetch error with that error", async () => {
    const cloud = fakeCloud();
    const denied = Object.assign(new Error("AuthFailure"), { retryable: false });
    cloud.failNext.push(denied);
    const p = poller(cloud);
    const a = track(p.wait("a", { deadlineMs: T0 + 60_000 }));
    const b = track(p.wait("b", { deadlineMs: T0 + 60_000 }));
    await vi.advanceTimersByTimeAsync(250);
    expect(a.error).toBe(denied);
    expect(b.error).toBe(denied);
    await vi.advanceTimersByTimeAsync(0);
    expect(p.running).toBe(false);
  });

  it("keeps an id missing from the answer pending until it shows up", async () => {
    const cloud = fakeCloud();
    const p = poller(cloud);
    const progress: Array<{ polls: number; state?: FakeState }> = [];
    const w = track(
      p.wait("fresh", {
        deadlineMs: T0 + 60_000,
        onProgress: (x) => progress.push({ polls: x.polls, state: x.state }),
      }),
    );
    await vi.advanceTimersByTimeAsync(250 + 375);
    expect(w.settled).toBe(false);
    cloud.statuses.set("fresh", 2);
    await vi.advanceTimersByTimeAsync(563);
    cloud.statuses.set("fresh", 4);
    await vi.advanceTimersByTimeAsync(844);
    expect(w.value).toEqual({ status: 4 });
    expect(progress).toEqual([{ polls: 1 }, { polls: 2 }, { polls: 3, state: { status: 2 } }]);
  });

  it("times out an id that never shows up, saying no answer came", async () => {
    const cloud = fakeCloud();
    const p = poller(cloud);
    const w = track(p.wait("ghost", { deadlineMs: T0 + 3000 }));
    await vi.advanceTimersByTimeAsync(3000);
    const err = w.error as WaitTimeoutError;
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.lastState).toBeUndefined();
    expect(err.message).toContain("(no answer yet)");
  });
});

describe("schedules", () => {
  it("adaptive: first poll after 200-250 ms, x1.5 growth, capped", () => {
    const lo = adaptiveSchedule({ random: () => 0 });
    expect([0, 1, 2, 3, 4, 10].map((a) => lo.delayMs(a, 0))).toEqual([250, 375, 562.5, 843.75, 1000, 1000]);
    const hi = adaptiveSchedule({ random: () => 0.999999 });
    expect(hi.delayMs(0, 0)).toBeGreaterThanOrEqual(200);
    expect(hi.delayMs(20, 0)).toBeGreaterThanOrEqual(800);
    expect(adaptiveSchedule({ capMs: 3000, random: () => 0 }).delayMs(20, 0)).toBe(3000);
  });

  it("anchor: 1 s doubling to a 10 s cap", () => {
    const s = anchorSchedule();
    expect([0, 1, 2, 3, 4, 5].map((a) => s.delayMs(a, 0))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it("adaptive notices a finished operation within the cap; the anchor schedule much later", async () => {
    const overshoot = async (schedule: PollSchedule, doneAfterMs: number): Promise<number> => {
      const cloud = fakeCloud();
      cloud.statuses.set("a", 3);
      const start = Date.now();
      const p = poller(cloud, { schedule });
      const w = track(p.wait("a", { deadlineMs: start + 120_000 }));
      await vi.advanceTimersByTimeAsync(doneAfterMs);
      cloud.statuses.set("a", 4);
      while (!w.settled) await vi.advanceTimersByTimeAsync(10);
      return (w.at as number) - start - doneAfterMs;
    };
    let seed = 1;
    const random = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (const doneAfter of [300, 1700, 4200, 9100, 31_000]) {
      const adaptive = await overshoot(adaptiveSchedule({ random }), doneAfter);
      expect(adaptive).toBeLessThanOrEqual(1000);
    }
    expect(await overshoot(anchorSchedule(), 9100)).toBeGreaterThan(5000);
  });
});
