import { describe, expect, it } from "vitest";
import { ReplayGuard } from "../../emulator/replayGuard";

describe("ReplayGuard", () => {
  it("keys on (SecretId, Nonce): a Nonce may not repeat within 2 hours, whatever the Timestamp", () => {
    const now = Math.floor(Date.now() / 1000);
    const g = new ReplayGuard();
    expect(g.check("AKID1", now - 10, "5")).toBeUndefined();
    expect(g.check("AKID1", now, "5")).toMatch(/Nonce 5/);
    expect(g.check("AKID2", now, "5")).toBeUndefined();
    expect(g.check("AKID1", now, "6")).toBeUndefined();
    // 7200 s after its use the Nonce is free again.
    expect(g.check("AKID1", now - 7150, "9")).toBeUndefined();
    expect(g.check("AKID1", now + 40, "9")).toMatch(/Nonce 9/);
    expect(g.check("AKID1", now + 51, "9")).toBeUndefined();
    // ...and its new use counts from then on.
    expect(g.check("AKID1", now + 52, "9")).toMatch(/Nonce 9/);
  });

  it("forgets uses older than the window, so memory stays bounded under polling", () => {
    let nowMs = Date.now();
    const g = new ReplayGuard(
      () => nowMs,
      () => nowMs,
    );
    const start = Math.floor(nowMs / 1000);
    for (let i = 0; i < 5000; i++) expect(g.check("AKID", start, String(i))).toBeUndefined();
    expect(g.size()).toBe(5000);
    // 3 hours on, the old uses still clash with a request signed 2 hours back (accepted): kept.
    nowMs += 3 * 3600_000;
    for (let i = 0; i < 1000; i++) expect(g.check("AKID", Math.floor(nowMs / 1000), `a${i}`)).toBeUndefined();
    expect(g.size()).toBe(6000);
    // 5 hours on, no acceptable Timestamp is within 2 hours of them: dropped at the next sweep.
    nowMs += 2 * 3600_000;
    for (let i = 0; i < 3000; i++) expect(g.check("AKID", Math.floor(nowMs / 1000), `n${i}`)).toBeUndefined();
    expect(g.size()).toBeLessThanOrEqual(1000 + 3000);
    expect(g.size()).toBeGreaterThanOrEqual(3000);
  });
});
