/**
 * How this process polls and reads: the project's strategy unless something installed another. The injection point
 * for the benchmark's baseline (bench/anchorStrategy.ts), so shipped code has no benchmark branches.
 */

import { processScoped } from "../processState";
import type { BatchPollerOptions } from "./poller";
import { adaptiveSchedule, firstPollNow } from "./schedule";

/** What is waited for: a deal (order), a task, an instance until it runs. */
export type WaitFamily = "deal" | "task" | "instance";

/** The poller options a strategy decides. */
export type PollerShape = Pick<BatchPollerOptions<string, unknown>, "schedule" | "maxBatch" | "rideAlong">;

/** @internal */
export interface WaitStrategy {
  /** Keeps the shared pollers of different strategies apart (`""` for the project's). */
  readonly name: string;
  /** The shape of the process's shared poller of a family (built once per process, endpoint and strategy). */
  pollerShape(family: WaitFamily): PollerShape;
  /** Whether deal and task waits learn their schedule from past waits of their kind (and record their own). */
  readonly learns: boolean;
  /**
   * Whether instance reads share work within the process: concurrent reads coalesce into one listing, a refresh may
   * use a listing a few seconds old, and creates that start together share the pre-purchase listing.
   */
  readonly sharesReads: boolean;
}

/**
 * The project's strategy: batched polls on the adaptive schedule, learnt per kind of wait; an instance wait looks at
 * once (most start right after a delivered deal, when the instance already runs); reads are shared.
 */
const PROJECT: WaitStrategy = {
  name: "",
  pollerShape: (family) => (family === "instance" ? { schedule: firstPollNow(adaptiveSchedule()) } : {}),
  learns: true,
  sharesReads: true,
};

function slot(): { current: WaitStrategy } {
  return processScoped("wait.strategy", () => ({ current: PROJECT }));
}

/** The strategy of this process's waits and reads. @internal */
export function waitStrategy(): WaitStrategy {
  return slot().current;
}

/**
 * Installs `s` for the waits and reads that start from now on (`undefined`: the project's again). Waits in progress
 * keep their poller.
 * @internal
 */
export function useWaitStrategy(s: WaitStrategy | undefined): void {
  slot().current = s ?? PROJECT;
}
