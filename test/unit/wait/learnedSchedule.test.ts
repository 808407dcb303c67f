import { describe, expect, it } from "vitest";
import {
  adaptiveSchedule,
  estimateFromSamples,
  learnedSchedule,
  learningSchedule,
  type PollSchedule,
  type WaitEstimate,
} from "../../../provider/wait";

/** Poll times (ms since the wait started) a schedule gives until `untilMs`, as the poller would make them. */
function pollTimes(schedule: PollSchedule, untilMs: number): number[] {
  const times: number[] = [];
  let elapsed = 0;
  for (let attempt = 0; elapsed < untilMs && attempt < 1000; attempt++) {
    elapsed += schedule.delayMs(attempt, elapsed);
    times.push(elapsed);
  }
  return times;
}

/** Polls until the first one at or after `doneMs` (the one that sees completion). */
function pollsUntilSeen(schedule: PollSchedule, doneMs: number): { polls: number; overshootMs: number } {
  const times = pollTimes(schedule, doneMs);
  const seen = times.findIndex((t) => t >= doneMs);
  return { polls: seen + 1, overshootMs: (times[seen] as number) - doneMs };
}

const pinned = (r: number) => ({ random: () => r });

describe("learnedSchedule", () => {
  it("meets the 60 s target: at most 12 polls and under 0.5 s late, with a 1 s wide window", () => {
    // What a cold wait (1 s cap) leaves behind: last seen pending at 59.1 s, seen done at 60.05 s.
    const est = { earliestMs: 59_100, latestMs: 60_050 };
    for (const r of [0, 0.5, 0.999]) {
      const s = learnedSchedule(est, pinned(r));
      for (const done of [59_200, 59_600, 60_000]) {
        const { polls, overshootMs } = pollsUntilSeen(s, done);
        expect(polls).toBeLessThanOrEqual(11);
        expect(overshootMs).toBeLessThanOrEqual(250);
      }
    }
  });

  it("polls sparsely before the window and at most 250 ms apart inside it", () => {
    const times = pollTimes(learnedSchedule({ earliestMs: 59_100, latestMs: 60_050 }, pinned(0)), 60_300);
    const before = times.filter((t) => t < 59_100);
    expect(before).toEqual([250, 750, 2250, 6750, 20_250]);
    const inside = times.filter((t) => t >= 59_100);
    expect(inside[0]).toBe(59_350);
    for (let i = 1; i < inside.length; i++) expect((inside[i] as number) - (inside[i - 1] as number)).toBe(250);
  });

  it("still sees a much faster completion within about 3× its duration", () => {
    const s = learnedSchedule({ earliestMs: 59_100, latestMs: 60_050 }, pinned(0));
    const { overshootMs } = pollsUntilSeen(s, 1000);
    expect(overshootMs).toBeLessThanOrEqual(2 * 1000);
  });

  it("falls back to the 1 s cap once the wait runs past the window", () => {
    const s = learnedSchedule({ earliestMs: 10_000, latestMs: 10_500 }, pinned(0));
    expect(s.delayMs(20, 10_750)).toBe(1000);
    expect(s.delayMs(30, 30_000)).toBe(1000);
  });

  it("jitter only shortens delays", () => {
    const est = { earliestMs: 10_000, latestMs: 10_500 };
    const calm = learnedSchedule(est, pinned(0));
    const jittered = learnedSchedule(est, pinned(0.99));
    for (const [attempt, elapsed] of [
      [1, 250],
      [5, 9_800],
      [9, 20_000],
    ] as const) {
      expect(jittered.delayMs(attempt, elapsed)).toBeLessThanOrEqual(calm.delayMs(attempt, elapsed));
      expect(jittered.delayMs(attempt, elapsed)).toBeGreaterThan(0.79 * calm.delayMs(attempt, elapsed));
    }
  });

  it("widens its steps for a wide window, so a variable kind of wait stays within a poll budget", () => {
    const times = pollTimes(learnedSchedule({ earliestMs: 30_000, latestMs: 90_000 }, pinned(0)), 90_000);
    expect(times.length).toBeLessThanOrEqual(6 + 62);
    const inside = times.filter((t) => t > 30_000 && t < 90_000);
    for (let i = 1; i < inside.length; i++) expect((inside[i] as number) - (inside[i - 1] as number)).toBe(1000);
  });
});

describe("estimateFromSamples", () => {
  it("has no estimate without history (cold start)", () => {
    expect(estimateFromSamples([])).toBeUndefined();
  });

  it("intersects agreeing samples, narrowing with each wait", () => {
    const est = estimateFromSamples([
      { lastPendingMs: 59_100, doneMs: 60_050 },
      { lastPendingMs: 59_900, doneMs: 60_150 },
    ]);
    expect(est).toEqual({ earliestMs: 59_900, latestMs: 60_050 });
  });

  it("spans all samples when durations disagree", () => {
    const est = estimateFromSamples([
      { lastPendingMs: 20_000, doneMs: 21_000 },
      { lastPendingMs: 40_000, doneMs: 41_000 },
    ]);
    expect(est).toEqual({ earliestMs: 20_000, latestMs: 41_000 });
  });

  it("ignores malformed samples", () => {
    expect(
      estimateFromSamples([
        { lastPendingMs: Number.NaN, doneMs: 5 },
        { lastPendingMs: 10, doneMs: 5 },
      ]),
    ).toBeUndefined();
  });
});

describe("learningSchedule", () => {
  it("polls like the cold schedule until an estimate appears, then like the learned one, within the same wait", () => {
    let estimate: WaitEstimate | undefined;
    let version = 0;
    let reads = 0;
    const s = learningSchedule(
      {
        estimate: () => {
          reads++;
          return estimate;
        },
        version: () => version,
      },
      adaptiveSchedule(pinned(0)),
      pinned(0),
    );
    // Cold: 250, 375, 562.5, 843.75, then the 1 s cap.
    expect([0, 1, 2, 3, 4, 5].map((a) => s.delayMs(a, 0))).toEqual([250, 375, 562.5, 843.75, 1000, 1000]);
    expect(reads).toBe(1); // read once, not on every poll
    // An earlier wait of the same kind finished between 9.5 s and 10 s: a wait at 6 s now jumps to its dense window.
    estimate = { earliestMs: 9_500, latestMs: 10_000 };
    version++;
    const sixSeconds = s.delayMs(7, 6_000);
    expect(sixSeconds).toBe(learnedSchedule(estimate, pinned(0)).delayMs(7, 6_000));
    expect(6_000 + sixSeconds).toBe(9_750); // the first dense poll, one 250 ms step into the window
    expect(s.delayMs(8, 9_750)).toBe(250);
    expect(reads).toBe(2);
  });
});
