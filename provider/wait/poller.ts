import { type Clock, processClock } from "../clock";
import { isNonRetryable, PartialFetchError, WaitAbortedError, WaitFailedError, WaitTimeoutError } from "./errors";
import type { BatchPollerOptions, Outcome, PollOutcome, Waiter, WaitOptions } from "./pollerTypes";
import { adaptiveSchedule, type PollSchedule } from "./schedule";

/**
 * Waits for many ids with one polling loop: every id waiting at the same time goes into the same fetch call (chunked
 * by `maxBatch`). The loop starts with the first waiter and stops when none is left. Each waiter keeps its own
 * schedule position (a waiter may bring its own schedule); the loop polls when the earliest waiter is due, and every
 * waiter rides along unless `rideAlong` is false.
 *
 * End states per waiter: success (resolves with the state), failure ({@link WaitFailedError}), timeout
 * ({@link WaitTimeoutError}, carrying the last state and last poll error), aborted ({@link WaitAbortedError}), or the
 * fetch's own error when it is marked `retryable === false`.
 */
export class BatchPoller<Id extends string, State> {
  private readonly fetch: (ids: Id[]) => Promise<Map<Id, State>>;
  private readonly classify: (state: State) => PollOutcome;
  private readonly schedule: PollSchedule;
  private readonly maxBatch: number;
  private readonly clock: Clock;
  private readonly onPoll: ((ids: Id[]) => void) | undefined;
  private readonly describe: (state: State) => string | undefined;
  private readonly kind: string;
  private readonly rideAlong: boolean;
  private readonly action: string | undefined;

  private readonly waiters = new Set<Waiter<Id, State>>();
  private loopRunning = false;
  private wakeController: AbortController | undefined;
  private plannedWakeMs = Number.POSITIVE_INFINITY;

  /** @param opts - see {@link BatchPollerOptions} */
  constructor(opts: BatchPollerOptions<Id, State>) {
    this.fetch = opts.fetch;
    this.classify = opts.classify;
    this.schedule = opts.schedule ?? adaptiveSchedule();
    this.maxBatch = Math.max(1, Math.floor(opts.maxBatch ?? 100));
    this.clock = opts.clock ?? processClock();
    this.onPoll = opts.onPoll;
    this.describe = opts.describe ?? defaultDescribe;
    this.kind = opts.kind ?? "id";
    this.rideAlong = opts.rideAlong ?? true;
    this.action = opts.action;
  }

  /** Number of waits in progress. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Whether the polling loop is alive (false once nothing waits). */
  get running(): boolean {
    return this.loopRunning;
  }

  /**
   * Waits until `id` reaches a success state.
   * @param id - the deal, task or instance id
   * @param opts - deadline, abort signal, progress callback, label
   * @returns the success state
   */
  wait(id: Id, opts: WaitOptions<Id, State>): Promise<State> {
    return new Promise<State>((resolve, reject) => {
      const now = this.clock.now();
      const label = opts.label ?? `${this.kind} ${id}`;
      const signal = opts.signal;
      if (signal?.aborted) {
        reject(
          new WaitAbortedError<State>(
            { label, id, lastState: undefined, elapsedMs: 0, polls: 0, action: this.action },
            signal.reason,
          ),
        );
        return;
      }
      const schedule = opts.schedule ?? this.schedule;
      const waiter: Waiter<Id, State> = {
        id,
        label,
        hint: opts.timeoutHint ?? "raise the wait timeout",
        startMs: now,
        deadlineMs: opts.deadlineMs,
        schedule,
        nextDueMs: Math.min(now + delayOf(schedule, 0, 0), opts.deadlineMs),
        polls: 0,
        lastState: undefined,
        lastError: undefined,
        onProgress: opts.onProgress,
        done: false,
        resolve,
        reject,
        detach: () => {},
      };
      if (signal) {
        const onAbort = (): void => {
          this.finish(waiter, () =>
            reject(new WaitAbortedError<State>(this.details(waiter, this.clock.now()), signal.reason)),
          );
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener("abort", onAbort);
      }
      this.waiters.add(waiter);
      if (!this.loopRunning) {
        this.loopRunning = true;
        void this.loop();
      } else if (waiter.nextDueMs < this.plannedWakeMs) {
        // A late waiter wants its first poll sooner than the loop planned: re-plan now.
        this.wakeController?.abort();
      }
    });
  }

  /** @internal */
  private async loop(): Promise<void> {
    try {
      while (this.waiters.size > 0) {
        const now = this.clock.now();
        let due = Number.POSITIVE_INFINITY;
        for (const w of this.waiters) due = Math.min(due, w.nextDueMs);
        if (due > now) {
          const controller = new AbortController();
          this.wakeController = controller;
          this.plannedWakeMs = due;
          try {
            await this.clock.sleep(due - now, controller.signal);
          } catch {
            // A clock whose sleep rejects on abort is fine: we re-plan either way.
          }
          this.wakeController = undefined;
          this.plannedWakeMs = Number.POSITIVE_INFINITY;
          continue;
        }
        // Waits that start in the same turn (every create whose deal one poll delivered moves on to read its
        // instance) join this tick instead of the next one.
        await new Promise<void>((resolve) => process.nextTick(resolve));
        await this.tick();
      }
    } finally {
      // No await between the last emptiness check and here, so no waiter can slip in unseen.
      this.loopRunning = false;
    }
  }

  /** @internal One poll of every id waiting now. */
  private async tick(): Promise<void> {
    // Only waiters present before the fetch starts take its answer: a state read before a waiter began (e.g. an
    // instance still "running" just before an upgrade) must not end that wait.
    const due = this.clock.now();
    const batch = this.rideAlong ? [...this.waiters] : [...this.waiters].filter((w) => w.nextDueMs <= due);
    const ids = [...new Set(batch.map((w) => w.id))];
    const outcomes = new Map<Id, Outcome<State>>();
    const chunks: Id[][] = [];
    for (let i = 0; i < ids.length; i += this.maxBatch) chunks.push(ids.slice(i, i + this.maxBatch));
    await Promise.all(chunks.map((chunk) => this.fetchChunk(chunk, outcomes)));

    const now = this.clock.now();
    for (const w of batch) {
      if (w.done) continue;
      w.polls++;
      try {
        this.apply(w, outcomes.get(w.id) ?? { kind: "missing" }, now);
      } catch (err) {
        // classify/describe threw: end this waiter with that error rather than kill the loop.
        this.finish(w, () => w.reject(err));
      }
    }
  }

  /** @internal */
  private async fetchChunk(chunk: Id[], outcomes: Map<Id, Outcome<State>>): Promise<void> {
    try {
      this.onPoll?.(chunk);
    } catch {
      // An observer must not stop the polling.
    }
    try {
      const states = await this.fetch(chunk);
      for (const id of chunk) {
        outcomes.set(id, states.has(id) ? { kind: "state", state: states.get(id) as State } : { kind: "missing" });
      }
    } catch (err) {
      if (err instanceof PartialFetchError) {
        const partial = err as PartialFetchError<Id, State>;
        for (const id of chunk) {
          if (partial.states.has(id)) outcomes.set(id, { kind: "state", state: partial.states.get(id) as State });
          else if (partial.errors.has(id)) outcomes.set(id, { kind: "error", error: partial.errors.get(id) });
          else outcomes.set(id, { kind: "missing" });
        }
      } else {
        for (const id of chunk) outcomes.set(id, { kind: "error", error: err });
      }
    }
  }

  /** @internal */
  private apply(w: Waiter<Id, State>, outcome: Outcome<State>, now: number): void {
    if (outcome.kind === "error") {
      if (isNonRetryable(outcome.error)) {
        this.finish(w, () => w.reject(outcome.error));
        return;
      }
      w.lastError = outcome.error;
    } else {
      w.lastError = undefined;
      if (outcome.kind === "state") {
        const state = outcome.state;
        w.lastState = state;
        const verdict = this.classify(state);
        if (verdict === "success") {
          this.finish(w, () => w.resolve(state));
          return;
        }
        if (verdict === "failure") {
          const err = new WaitFailedError<State>(this.details(w, now), this.describe(state));
          this.finish(w, () => w.reject(err));
          return;
        }
      }
      // "missing": eventual consistency, the id may not be visible yet; it stays pending under the same deadline.
    }
    if (now >= w.deadlineMs) {
      const described = w.lastState === undefined ? undefined : this.describe(w.lastState);
      const err = new WaitTimeoutError<State>(this.details(w, now), described, w.hint, w.lastError);
      this.finish(w, () => w.reject(err));
      return;
    }
    const elapsedMs = now - w.startMs;
    w.nextDueMs = Math.min(now + delayOf(w.schedule, w.polls, elapsedMs), w.deadlineMs);
    if (w.onProgress) {
      try {
        w.onProgress({ id: w.id, label: w.label, elapsedMs, state: w.lastState, polls: w.polls });
      } catch {
        // A progress observer must not stop the wait.
      }
    }
  }

  /** @internal */
  private details(w: Waiter<Id, State>, now: number) {
    const { label, id, lastState, polls } = w;
    return { label, id, lastState, elapsedMs: now - w.startMs, polls, action: this.action };
  }

  /** @internal Settles a waiter once and lets the loop stop when it was the last. */
  private finish(w: Waiter<Id, State>, settle: () => void): void {
    if (w.done) return;
    w.done = true;
    w.detach();
    this.waiters.delete(w);
    if (this.waiters.size === 0) this.wakeController?.abort();
    settle();
  }
}

/** @internal */
function delayOf(schedule: PollSchedule, attempt: number, elapsedMs: number): number {
  const d = schedule.delayMs(attempt, elapsedMs);
  // A broken schedule (NaN, negative) must not turn into a busy loop against the API.
  return Number.isFinite(d) && d >= 0 ? d : 1000;
}

/** @internal `status N` for states that have a status field. */
function defaultDescribe(state: unknown): string | undefined {
  if (typeof state === "object" && state !== null && "status" in state) {
    const status = (state as { status: unknown }).status;
    if (typeof status === "number" || typeof status === "string") return `status ${status}`;
  }
  return undefined;
}

export type { BatchPollerOptions, PollOutcome, WaitOptions, WaitProgress } from "./pollerTypes";
