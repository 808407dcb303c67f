/**
 * The one root of every error this package throws, and its subtrees. Users catch by subtree:
 * - `ConfigError`: a setting is missing or invalid (names the setting, never its value);
 * - `ApiError` (api/errors.ts): the service refused, answered out of shape, or the exchange failed;
 * - `WaitError` (wait/errors.ts): a wait for a deal, a task or an instance timed out, failed or was aborted;
 * - `ProviderError`: the provider stopped on purpose (a budget, an order it cannot confirm, a foreign backup, ...).
 * Every error carries the API action it concerns (empty when none) and whether another attempt may succeed.
 * @packageDocumentation
 */

/** Who is at fault: the caller (fix the request or the program) or the server/network (may pass by itself). */
export type Fault = "client" | "server";

/** What every error of the package carries besides its message. */
export interface CrsErrorOptions {
  /** The API action concerned, e.g. `CreateRedis`; empty when none is. */
  action?: string;
  /** Whether another attempt may succeed. */
  retryable: boolean;
  fault: Fault;
  /** Request id when the service returned one. */
  requestId?: string;
  cause?: unknown;
}

/** Root of every error the package throws: `instanceof CrsError` catches them all. */
export class CrsError extends Error {
  override readonly name: string = "CrsError";
  /** The API action, e.g. `CreateRedis`; empty when no single action is concerned (configuration, planning). */
  readonly action: string;
  /** Request id when the service returned one (API 3.0 `RequestId`). */
  readonly requestId?: string;
  /** Whether another attempt may succeed. */
  readonly retryable: boolean;
  /** Client (request/config/program) or server (service/network) fault. */
  readonly fault: Fault;

  /**
   * @param message - already redacted text
   * @param opts - action, retryable, fault, requestId, cause
   */
  constructor(message: string, opts: CrsErrorOptions) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.action = opts.action ?? "";
    this.retryable = opts.retryable;
    this.fault = opts.fault;
    if (opts.requestId !== undefined) this.requestId = opts.requestId;
  }
}

/** Missing or invalid configuration (credentials, region, endpoint, Node version). */
export class ConfigError extends CrsError {
  override readonly name: string = "ConfigError";

  /** @param message - names the setting, never its value */
  constructor(message: string, cause?: unknown) {
    super(message, { retryable: false, fault: "client", ...(cause === undefined ? {} : { cause }) });
  }
}

/**
 * The provider stopped on purpose: what it found makes going on unsafe or impossible (an order it cannot confirm, a
 * budget, an instance that is gone). The message says what was found and what to do.
 */
export class ProviderError extends CrsError {
  override readonly name: string = "ProviderError";

  /**
   * @param message - what was found and what the user can do
   * @param opts - the action concerned, whether another attempt may succeed (default no), fault (default client), cause
   */
  constructor(message: string, opts: Partial<CrsErrorOptions> = {}) {
    super(message, { ...opts, retryable: opts.retryable ?? false, fault: opts.fault ?? "client" });
  }
}
