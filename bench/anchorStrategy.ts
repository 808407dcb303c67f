/**
 * The benchmark's baseline, installed through the provider's wait-strategy injection point (provider/wait/strategy):
 * the common approach of polling providers. 1, 2, 4, 8 then every 10 s, one call per resource per poll, no batching,
 * no learning, no read sharing.
 */
import * as path from "node:path";
import { anchorSchedule } from "../provider/wait/schedule";
import type { WaitStrategy } from "../provider/wait/strategy";

/** Which poller a bench series measures. */
export type Poller = "adaptive" | "anchor";

export const anchorStrategy: WaitStrategy = {
  name: "anchor",
  pollerShape: () => ({ schedule: anchorSchedule(), maxBatch: 1, rideAlong: false }),
  learns: false,
  sharesReads: false,
};

/**
 * The environment that makes the dynamic-provider processes of a `pulumi` run use the baseline: a preload that
 * installs {@link anchorStrategy} (the project's poller needs nothing).
 */
export function pollerEnv(poller: Poller): Record<string, string> {
  if (poller === "adaptive") return {};
  const preload = `--require ${path.join(__dirname, "anchorPreload.cjs")}`;
  return { NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" ") };
}
