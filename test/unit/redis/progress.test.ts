import { afterEach, describe, expect, it, vi } from "vitest";
import { progressLogger } from "../../../provider/redis/reads/waitLines";
import type { CallContext } from "../../../provider/runtime/context";

describe("progress lines of a long wait", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("at most one every 30 s, saying what is waited for, for how long, of what bound, and the last status", () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const lines: string[] = [];
    const ctx = { waitTimeoutSeconds: 1800, log: (l: string) => lines.push(l) } as unknown as CallContext;
    const progress = progressLogger<{ status: number }>(ctx, "deal 42 (create instance)", (d) => `status ${d.status}`);
    // The poller reports after every poll; polls come every few seconds for 95 s.
    for (const at of [2, 5, 10, 20, 29, 31, 40, 55, 61, 62, 80, 95]) {
      now = 1_000_000 + at * 1000;
      progress({ id: "42", label: "deal 42", elapsedMs: at * 1000, state: { status: 4 }, polls: 1 });
    }
    expect(lines).toEqual([
      "still waiting for deal 42 (create instance): 31 s so far (at most 1800 s), status 4",
      "still waiting for deal 42 (create instance): 61 s so far (at most 1800 s), status 4",
      "still waiting for deal 42 (create instance): 95 s so far (at most 1800 s), status 4",
    ]);
  });
});
