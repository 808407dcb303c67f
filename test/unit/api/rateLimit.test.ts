import { describe, expect, it } from "vitest";
import { sharedRateLimiter, TokenBucket } from "../../../provider/api/rateLimit";

function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      now: () => t,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        t += ms;
      },
    },
  };
}

describe("TokenBucket", () => {
  it("lets a burst of `rate` through, then paces at 1/rate", async () => {
    const { clock, sleeps } = fakeClock();
    const b = new TokenBucket(5, clock);
    for (let i = 0; i < 5; i++) await b.take();
    expect(sleeps).toEqual([]);
    await b.take();
    await b.take();
    expect(sleeps).toEqual([200, 200]);
    expect(clock.now()).toBe(400);
  });
  it("serves concurrent waiters one token each", async () => {
    const { clock } = fakeClock();
    const b = new TokenBucket(2, clock);
    await Promise.all([b.take(), b.take(), b.take(), b.take()]);
    expect(clock.now()).toBe(1000);
  });
  it("an aborted waiter rejects and does not block the next", async () => {
    const b = new TokenBucket(1, { now: () => 0, sleep: (_ms, s) => Promise.reject(s?.reason ?? new Error("x")) });
    await b.take();
    const c = new AbortController();
    c.abort(new Error("stop"));
    await expect(b.take(c.signal)).rejects.toThrow("stop");
  });
  it("is shared process-wide and its rate configurable", () => {
    const a = sharedRateLimiter();
    expect(sharedRateLimiter(7)).toBe(a);
    expect(a.ratePerSecond).toBe(7);
  });
});
