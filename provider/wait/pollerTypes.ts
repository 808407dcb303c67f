import type { Clock } from "../clock";
import type { PollSchedule } from "./schedule";

/* The shapes a BatchPoller is built and waited with (poller.ts is the loop). */

/** What a state means for a waiter. */
export type PollOutcome = "pending" | "success" | "failure";

/** Options of {@link BatchPoller}. */
export interface BatchPollerOptions<Id extends string, State> {
  /** Looks up many ids in one call. An id missing from the answer stays pending. Throw `retryable: false` to give up. */
  fetch: (ids: Id[]) => Promise<Map<Id, State>>;
  /** Maps a state to pending, success or failure. */
  classify: (state: State) => PollOutcome;
  /** When to poll next (default {@link adaptiveSchedule}). */
  schedule?: PollSchedule;
  /** Largest number of ids per fetch call (default 100); more ids make several calls in the same tick. */
  maxBatch?: number;
  /** Time source (default the system clock). */
  clock?: Clock;
  /** Called before each fetch call with its ids (metrics, tests). */
  onPoll?: (ids: Id[]) => void;
  /** Short text for a state in error messages (default `status N` when the state has a `status`). */
  describe?: (state: State) => string | undefined;
  /** Noun for default labels, e.g. `deal` gives `deal 2017...` (default `id`). */
  kind?: string;
  /** The API action each poll calls, e.g. `DescribeRedisDealDetail`: the wait errors carry it as their `action`. */
  action?: string;
  /**
   * Whether waiters that are not due yet join a poll made for a due one (default true). Free when the fetch is one
   * batched call; set false when each id costs its own call (a per-id baseline), so only due ids are fetched.
   */
  rideAlong?: boolean;
}

/** Progress of one waiter, reported after each poll that left it pending. */
export interface WaitProgress<Id extends string, State> {
  id: Id;
  label: string;
  elapsedMs: number;
  /** The last state the cloud reported, if any yet. */
  state?: State;
  polls: number;
}

/** Options of {@link BatchPoller.wait}. */
export interface WaitOptions<Id extends string, State> {
  /** Absolute epoch milliseconds after which a still-pending wait rejects with {@link WaitTimeoutError}. */
  deadlineMs: number;
  /** Aborting rejects this wait (only this one) with {@link WaitAbortedError}. */
  signal?: AbortSignal;
  /** Called after each poll that left the id pending. */
  onProgress?: (p: WaitProgress<Id, State>) => void;
  /** What is awaited, for messages (default `<kind> <id>`). */
  label?: string;
  /** What the user can do on timeout, appended to its message (default `raise the wait timeout`). */
  timeoutHint?: string;
  /**
   * This waiter's own schedule (default the poller's). Waiters with different schedules still share one loop and
   * one fetch per tick: each keeps its own next-due time.
   */
  schedule?: PollSchedule;
}

/** @internal */
/** @internal */
export interface Waiter<Id extends string, State> {
  id: Id;
  label: string;
  hint: string;
  startMs: number;
  deadlineMs: number;
  schedule: PollSchedule;
  nextDueMs: number;
  polls: number;
  lastState: State | undefined;
  lastError: unknown;
  onProgress: ((p: WaitProgress<Id, State>) => void) | undefined;
  done: boolean;
  resolve: (state: State) => void;
  reject: (err: unknown) => void;
  detach: () => void;
}

/** @internal What one tick learnt about one id. */
/** @internal */
export type Outcome<State> = { kind: "state"; state: State } | { kind: "missing" } | { kind: "error"; error: unknown };
