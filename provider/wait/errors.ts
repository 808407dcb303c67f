import { CrsError } from "../errors";

/**
 * Typed end states of a wait that did not succeed. Each carries what a user needs to act on it: what was awaited
 * (`label`, `id`), the last state seen, how long it took and how many polls were made.
 */

/** Fields shared by every wait error. */
export interface WaitErrorDetails<State = unknown> {
  /** Human label of the awaited thing, e.g. `deal 20170101...`. */
  label: string;
  /** The id that was awaited. */
  id: string;
  /** The last state the cloud reported, if it ever answered for this id. */
  lastState: State | undefined;
  /** Milliseconds from the start of the wait to its end. */
  elapsedMs: number;
  /** How many polls included this id. */
  polls: number;
  /** The API action the polls called (e.g. `DescribeTaskInfo`), when the poller was told. */
  action?: string | undefined;
}

/** Base class of the wait errors; `instanceof WaitError` catches all three. */
export abstract class WaitError<State = unknown> extends CrsError implements WaitErrorDetails<State> {
  readonly label: string;
  readonly id: string;
  readonly lastState: State | undefined;
  readonly elapsedMs: number;
  readonly polls: number;

  protected constructor(
    message: string,
    details: WaitErrorDetails<State>,
    options?: ErrorOptions & { retryable?: boolean; action?: string },
  ) {
    // The wait subtree of the package's one error root; the subclass says whether a later wait may succeed.
    super(message, {
      action: options?.action ?? details.action ?? "",
      retryable: options?.retryable ?? false,
      fault: "server",
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
    });
    this.label = details.label;
    this.id = details.id;
    this.lastState = details.lastState;
    this.elapsedMs = details.elapsedMs;
    this.polls = details.polls;
  }
}

/** The deadline passed while the awaited thing was still pending. Resuming the wait later is safe. */
export class WaitTimeoutError<State = unknown> extends WaitError<State> {
  override readonly name = "WaitTimeoutError";
  /** The last error a poll raised for this id, if the last polls failed (kept so a timeout is not a mystery). */
  readonly lastError: unknown;
  /** The wait may be resumed: the cloud is still working, nothing failed. */
  override readonly retryable = true;

  /**
   * @param details - what was awaited and what was seen
   * @param describe - short text for the last state, e.g. `status 3`
   * @param hint - what the user can do, e.g. `raise waitTimeoutSeconds`
   * @param lastError - the last poll error, if any
   */
  constructor(details: WaitErrorDetails<State>, describe: string | undefined, hint: string, lastError?: unknown) {
    const seen = describe ?? (lastError === undefined ? "no answer yet" : `last poll failed: ${errorText(lastError)}`);
    super(
      `${details.label}: still pending after ${seconds(details.elapsedMs)} s (${seen}); ${hint}`,
      details,
      lastError === undefined ? undefined : { cause: lastError },
    );
    this.lastError = lastError;
  }
}

/** The cloud reported a final failure state (e.g. deal status 5..11, task status 3 or -1). */
export class WaitFailedError<State = unknown> extends WaitError<State> {
  override readonly name = "WaitFailedError";
  override readonly retryable = false;

  /**
   * @param details - what was awaited; `lastState` is the failing state
   * @param describe - short text for the failing state, e.g. `status 5`
   */
  constructor(details: WaitErrorDetails<State>, describe: string | undefined) {
    super(`${details.label}: failed after ${seconds(details.elapsedMs)} s (${describe ?? "failure state"})`, details);
  }
}

/** The caller's AbortSignal fired before the wait ended; `cause` is the signal's reason. */
export class WaitAbortedError<State = unknown> extends WaitError<State> {
  override readonly name = "WaitAbortedError";
  override readonly retryable = false;

  /**
   * @param details - what was awaited and what was seen
   * @param reason - the AbortSignal's reason
   */
  constructor(details: WaitErrorDetails<State>, reason: unknown) {
    super(`${details.label}: wait aborted after ${seconds(details.elapsedMs)} s`, details, { cause: reason });
  }
}

/** @internal */
function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) || s >= 10 ? String(Math.round(s)) : s.toFixed(1);
}

/** @internal */
function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Thrown by a batch fetch that got answers for some ids and errors for others (e.g. one DescribeTaskInfo per id, one
 * of them failed). The poller uses the states it has and treats each error as if a fetch for that id alone had thrown.
 */
export class PartialFetchError<Id extends string = string, State = unknown> extends CrsError {
  override readonly name = "PartialFetchError";
  /** The answers that did arrive. */
  readonly states: Map<Id, State>;
  /** The error of each id that got none. */
  readonly errors: Map<Id, unknown>;

  /**
   * @param states - answers that arrived
   * @param errors - one error per id that failed
   */
  constructor(states: Map<Id, State>, errors: Map<Id, unknown>) {
    const first = errors.values().next().value;
    super(`${errors.size} of ${errors.size + states.size} lookups failed`, {
      retryable: true,
      fault: "server",
      ...(first === undefined ? {} : { cause: first }),
    });
    this.states = states;
    this.errors = errors;
  }
}

/**
 * True when an error says it must not be retried (`retryable === false`, as the API client's errors carry).
 * @param err - any thrown value
 */
export function isNonRetryable(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { retryable?: unknown }).retryable === false;
}
