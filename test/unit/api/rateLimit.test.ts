import { describe, expect, it } from "vitest";
import { RequestRateLimiter, sharedRateLimiter } from "../../../provider/api/rateLimit";

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

describe("RequestRateLimiter", () => {
  it("lets `rate` requests start at once, then none until the oldest leaves the one-second window", async () => {
    const { clock, sleeps } = fakeClock();
    const b = new RequestRateLimiter(5, clock);
    for (let i = 0; i < 5; i++) (await b.take())();
    expect(sleeps).toEqual([]);
    await b.take();
    expect(clock.now()).toBe(1025); // one second plus the margin after the first answer
  });
  it("a request holds its place until one second after its answer (the server may count it that late)", async () => {
    let t = 0;
    let answer: (() => void) | undefined;
    const b = new RequestRateLimiter(1, {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
        if (t >= 300 && answer) {
          answer(); // the first request's answer arrives at 300 ms
          answer = undefined;
        }
      },
    });
    answer = await b.take();
    await b.take();
    // Counted from its start the slot would be free at 1025; the server may have counted it as late as 300.
    expect(t).toBe(300 + 1025);
  });
  it("never lets more than `rate` start in any sliding second (a token bucket would allow twice that)", async () => {
    const { clock } = fakeClock();
    const b = new RequestRateLimiter(20, clock);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 70 }, async () => {
        (await b.take())();
        starts.push(clock.now());
      }),
    );
    for (const t of starts) expect(starts.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(20);
    expect(Math.max(...starts)).toBe(3 * 1025);
  });
  it("paces a rate below one per second", async () => {
    const { clock } = fakeClock();
    const b = new RequestRateLimiter(0.5, clock);
    (await b.take())();
    await b.take();
    expect(clock.now()).toBe(2025);
  });
  it("an aborted waiter rejects and does not block the next", async () => {
    const b = new RequestRateLimiter(1, {
      now: () => 0,
      sleep: (_ms, s) => Promise.reject(s?.reason ?? new Error("x")),
    });
    await b.take();
    const c = new AbortController();
    c.abort(new Error("stop"));
    await expect(b.take(c.signal)).rejects.toThrow("stop");
  });
  it("is shared process-wide per endpoint and SecretId, and its rate configurable", () => {
    const a = sharedRateLimiter("https://redis.example/v2/index.php AKIDa");
    expect(sharedRateLimiter("https://redis.example/v2/index.php AKIDa", 7)).toBe(a);
    expect(a.ratePerSecond).toBe(7);
    expect(sharedRateLimiter("https://redis.example/v2/index.php AKIDb")).not.toBe(a);
    expect(sharedRateLimiter("https://redis.example/ AKIDa")).not.toBe(a);
  });
});
