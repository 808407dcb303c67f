import { afterEach, describe, expect, it } from "vitest";
import { abortableSleep } from "../../provider/api/rateLimit";
import { processClock, useClock } from "../../provider/clock";
import { callContext } from "../../provider/runtime/context";
import { pollFor } from "../../provider/wait/pollFor";
import { virtualClock } from "./virtualClock";

/** The one clock seam (provider/clock.ts): what reads time outside the wait layer goes through the process's clock. */
describe("processClock", () => {
  afterEach(() => useClock(undefined));

  it("is the system clock until a test installs another, and again after useClock(undefined)", () => {
    const before = Date.now();
    expect(processClock().now()).toBeGreaterThanOrEqual(before);
    useClock(virtualClock(5_000));
    expect(processClock().now()).toBe(5_000);
    useClock(undefined);
    expect(processClock().now()).toBeGreaterThanOrEqual(before);
  });

  it("sets a call's wait deadline from the installed clock", () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      TENCENTCLOUD_SECRET_ID: "AKIDclock",
      TENCENTCLOUD_SECRET_KEY: "clock-key",
      TENCENTCLOUD_REGION: "ap-guangzhou",
    });
    try {
      useClock(virtualClock(1_000_000));
      expect(callContext(30).waitDeadline()).toBe(1_030_000);
    } finally {
      process.env = saved;
    }
  });

  it("is what the API layer's abortable sleep and the wait layer's pollFor sleep on", async () => {
    const c = virtualClock(0);
    useClock(c);
    await abortableSleep(40_000);
    // pollFor with no clock of its own: 3 polls 10 s apart, all on the virtual clock (no real time passes).
    let polls = 0;
    const value = await pollFor(async () => (++polls === 3 ? { value: "done" } : undefined), {
      everyMs: 10_000,
      deadlineMs: 120_000,
    });
    expect(value).toEqual({ value: "done" });
    expect(c.slept).toEqual([40_000, 10_000, 10_000]);
  });

  it("still rejects an aborted sleep with the signal's reason", async () => {
    useClock(virtualClock(0));
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    await expect(abortableSleep(1000, ac.signal)).rejects.toThrow("stop");
  });
});
