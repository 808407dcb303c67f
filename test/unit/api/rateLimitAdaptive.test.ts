import { describe, expect, it } from "vitest";
import {
  CUBIC_BETA,
  CUBIC_SCALE,
  cubicRate,
  MIN_ADAPTIVE_RATE,
  type ReleaseSlot,
  RequestRateLimiter,
} from "../../../provider/api/rateLimit";

/** A clock that only moves when told to, or when the limiter sleeps. */
function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    advance: (ms: number) => {
      t += ms;
    },
    clock: {
      now: () => t,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        t += ms;
      },
    },
  };
}

/** Starts `n` requests at once (all must pass without waiting) and returns their release functions. */
async function burst(b: RequestRateLimiter, n: number): Promise<ReleaseSlot[]> {
  return Promise.all(Array.from({ length: n }, () => b.take()));
}

/** K of CUBIC for a throttled rate: seconds until the rate is back at it. */
const kOf = (wMax: number) => Math.cbrt((wMax * (1 - CUBIC_BETA)) / CUBIC_SCALE);

describe("cubicRate", () => {
  it("is β·wMax at the cut, wMax after K seconds, and grows faster beyond", () => {
    expect(cubicRate(10, 0)).toBeCloseTo(7, 9);
    expect(cubicRate(10, kOf(10) * 1000)).toBeCloseTo(10, 9);
    const later = [1, 2, 3].map((s) => cubicRate(10, (kOf(10) + s) * 1000) - 10);
    expect(later[0]).toBeCloseTo(CUBIC_SCALE, 9);
    expect(later[2]! - later[1]!).toBeGreaterThan(later[1]! - later[0]!);
  });
  it("never goes below the floor", () => {
    expect(cubicRate(0.1, 0)).toBe(MIN_ADAPTIVE_RATE);
  });
});

describe("RequestRateLimiter, adaptive after a throttle", () => {
  it("without a throttle, nothing is gated beyond the configured rate", async () => {
    const { clock, sleeps, advance } = fakeClock();
    const b = new RequestRateLimiter(20, clock);
    for (let round = 0; round < 10; round++) {
      for (const release of await burst(b, 20)) release(false);
      expect(b.currentRate()).toBe(20);
      advance(1025);
    }
    expect(sleeps).toEqual([]);
  });

  it("a throttle cuts the rate to 0.7× the rate measured over the last second", async () => {
    const { clock, advance } = fakeClock();
    const b = new RequestRateLimiter(20, clock);
    const releases = await burst(b, 10);
    advance(30);
    releases[0]!(true);
    expect(b.currentRate()).toBeCloseTo(0.7 * 10, 9);
    expect(b.ratePerSecond).toBe(20); // the ceiling is unchanged
  });

  it("the other refusals of the same burst do not cut again; a request sent after the cut does", async () => {
    const { clock, advance } = fakeClock();
    const b = new RequestRateLimiter(20, clock);
    const releases = await burst(b, 10);
    advance(30);
    for (const release of releases.slice(0, 6)) release(true);
    expect(b.currentRate()).toBeCloseTo(7, 9);
    for (const release of releases.slice(6)) release(false);
    // Seven requests sent after the cut (the gate lets them go once the burst has left the window, ~1 s later,
    // when the curve is at 9.7/s): one is refused, so 0.7 × the 7 measured in the last second.
    const next = await burst(b, 7);
    advance(30);
    next[0]!(true);
    expect(b.currentRate()).toBeCloseTo(0.7 * 7, 9);
  });

  it("after the cut, sends are gated at the reduced rate as it grows back", async () => {
    const { clock, advance } = fakeClock();
    const b = new RequestRateLimiter(20, clock);
    const first = await burst(b, 10);
    advance(30);
    first[0]!(true);
    for (const release of first.slice(1)) release(false);
    const cutAt = clock.now();
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        const release = await b.take();
        starts.push(clock.now());
        release(false);
      }),
    );
    // Conforms to a token bucket at the curve's rate (which only grows, so its value at the end bounds it): any
    // stretch of d ms holds at most floor(r) + r·d/1000 starts.
    starts.sort((x, y) => x - y);
    for (let i = 0; i < starts.length; i++) {
      for (let j = i; j < starts.length; j++) {
        const r = cubicRate(10, starts[j]! - cutAt);
        expect(j - i + 1).toBeLessThanOrEqual(Math.floor(r) + (r * (starts[j]! - starts[i]!)) / 1000);
      }
    }
    // The 10 of the burst still hold their places: the first new request waits for some of them to leave.
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(cutAt + 900);
    // Without the cut, the 30 would have gone in two windows (20, then 10 a second later).
    expect(Math.max(...starts) - cutAt).toBeGreaterThan(3000);
  });

  it("recovers along CUBIC: back at the measured rate after K, at the configured rate a few seconds later", async () => {
    const { clock, advance } = fakeClock();
    const b = new RequestRateLimiter(20, clock);
    const releases = await burst(b, 10);
    releases[0]!(true);
    for (const release of releases.slice(1)) release(false);
    const seen: number[] = [];
    for (let ms = 0; ms <= 6000; ms += 250) {
      seen.push(b.currentRate());
      advance(250);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen[0]).toBeCloseTo(7, 9);
    expect(seen[8]).toBeCloseTo(10, 1); // 2 s after the cut, just past K ≈ 1.96 s: back at the measured 10
    // 20 is reached at K + ∛(10 / C) ≈ 1.96 + 2.92 s.
    const back = (kOf(10) + Math.cbrt(10 / CUBIC_SCALE)) * 1000;
    expect(seen[Math.floor(back / 250)]).toBeLessThan(20);
    expect(seen[Math.ceil(back / 250)]).toBe(20);
    expect(seen.at(-1)).toBe(20);
    // Recovered means as if never throttled: a burst of 20 passes at once.
    advance(1025);
    const before = clock.now();
    for (const release of await burst(b, 20)) release(false);
    expect(clock.now()).toBe(before);
  });

  it("a request answered long after it started still cuts, to the floor at worst", async () => {
    const { clock, advance } = fakeClock();
    const b = new RequestRateLimiter(20, clock);
    const release = await b.take();
    advance(5000); // nothing else was sent in the last second
    release(true);
    expect(b.currentRate()).toBe(MIN_ADAPTIVE_RATE);
  });

  it("a release counts once (a second call, throttled or not, changes nothing)", async () => {
    const { clock, advance } = fakeClock();
    const b = new RequestRateLimiter(20, clock);
    const [release] = await burst(b, 1);
    advance(10);
    release!(false);
    release!(true);
    expect(b.currentRate()).toBe(20);
  });
});
