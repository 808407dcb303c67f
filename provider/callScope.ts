import { AsyncLocalStorage } from "node:async_hooks";
import { processScoped } from "./processState";

/**
 * What the host serving a call knows about it that the call's arguments do not carry: where the resource's lines go
 * and when the whole operation must end. The dynamic host knows neither (its lines go to stderr, its timeouts are
 * ignored) and sets no scope; a provider plugin sets one per call from the engine's request (the resource's URN, the
 * resource's `customTimeouts`). The core reads it through `userLine` and `callContext` and never asks which host runs.
 * @internal
 */
export interface CallScope {
  /** Writes one user line about the call's resource (already naming it, so the line carries no name). */
  log?(line: string): void;
  /** The operation's deadline (epoch ms, on the process clock): every wait of the call ends by then. */
  deadlineMs?: number;
  /**
   * The resource the call is for (its URN). An instance one resource takes over is recorded as held by it, and a
   * delete by another resource that still lists the instance leaves it alone (redis/instance/instanceHolder.ts).
   */
  resource?: string;
}

// Process state like every other live object (see processState.ts); the scope itself is per call.
const storage = (): AsyncLocalStorage<CallScope> =>
  processScoped("callScope", () => new AsyncLocalStorage<CallScope>());

/** Runs `fn` with `scope` as its call's scope (and every async step it starts). @internal */
export function withCallScope<T>(scope: CallScope, fn: () => Promise<T>): Promise<T> {
  return storage().run(scope, fn);
}

/** The scope of the call running now, if its host set one. @internal */
export function callScope(): CallScope | undefined {
  return storage().getStore();
}
