import { describe, expect, it } from "vitest";
import { pollFor } from "../../../provider/wait/pollFor";
import { virtualClock } from "../virtualClock";

describe("pollFor", () => {
  it("returns what the probe settles on, probing every everyMs", async () => {
    const clock = virtualClock();
    let n = 0;
    const found = await pollFor(async () => (++n === 3 ? { value: "x" } : undefined), {
      everyMs: 1000,
      deadlineMs: 10_000,
      clock,
    });
    expect(found).toEqual({ value: "x" });
    expect(clock.slept).toEqual([1000, 1000]);
  });

  it("gives up once the deadline passed after a probe, cutting the last sleep to the deadline", async () => {
    const clock = virtualClock();
    let probes = 0;
    const found = await pollFor(
      async () => {
        probes++;
        return undefined;
      },
      { everyMs: 2000, deadlineMs: 5000, clock },
    );
    expect(found).toBeUndefined();
    expect(clock.slept).toEqual([2000, 2000, 1000]);
    expect(probes).toBe(4);
  });

  it("can settle on undefined (found that there is nothing)", async () => {
    const found = await pollFor(async () => ({ value: undefined }), { everyMs: 1, deadlineMs: 0 });
    expect(found).toEqual({ value: undefined });
  });
});
