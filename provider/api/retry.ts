import pRetry, { AbortError } from "p-retry";
import { processClock } from "../clock";
import { isInstanceLocked, isNotSent, isRetryable, isServerError, isThrottled } from "./classify";
import { AmbiguousPurchaseError, ServiceError, TransportError } from "./errors";
import { abortableSleep } from "./rateLimit";

/** Backoff and attempt bounds. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Base of the exponential backoff (ms). */
  baseMs: number;
  /** Cap of one delay (ms). */
  capMs: number;
  /** Base used after a throttling answer (4400 / RequestLimitExceeded): slower. */
  throttleBaseMs: number;
}

/** Defaults: 6 attempts, 200 ms base, 10 s cap, 1 s base when throttled. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 6,
  baseMs: 200,
  capMs: 10_000,
  throttleBaseMs: 1_000,
});

/** The orders that buy something: never sent twice unless the first provably never left. */
export const PURCHASE_ACTIONS: ReadonlySet<string> = new Set(["CreateRedis", "RenewRedis", "UpgradeRedis"]);

/**
 * Actions that must run at most once: the purchases, and ManualBackupInstance, which makes a new backup per call
 * (and counts against 24 a day), so a retry after a lost answer would leave a stray backup. Sent again only when the
 * first provably never left; a lost answer is an AmbiguousPurchaseError and the caller looks for the result.
 */
export const AT_MOST_ONCE_ACTIONS: ReadonlySet<string> = new Set([
  ...PURCHASE_ACTIONS,
  "ManualBackupInstance",
  // A second restore loses what was written in between; a second export, clear or SQL Server backup repeats work.
  "RestoreInstance",
  "ExportRedisBackup",
  "ClearRedis",
  "CreateBackup",
]);

/**
 * Full-jitter exponential delay: uniform in [0, min(cap, base·2^(attempt-1))].
 * @param attempt - number of the attempt that just failed (1-based)
 * @param policy - bases and cap
 * @param throttled - use the slower base
 * @param random - uniform [0,1) source
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  throttled: boolean,
  random: () => number = Math.random,
): number {
  const base = throttled ? policy.throttleBaseMs : policy.baseMs;
  const ceiling = Math.min(policy.capMs, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Options of {@link withRetry}. */
export interface WithRetryOptions {
  action: string;
  /** Purchase semantics: only a provably unsent request is retried; a lost answer is an AmbiguousPurchaseError. */
  purchase: boolean;
  policy: RetryPolicy;
  /** Absolute deadline on the process's clock (see provider/clock). */
  deadlineAt: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  random?: () => number;
}

/**
 * Runs `attempt` until it succeeds, fails for good, runs out of attempts, or the next delay would pass the deadline.
 * `attempt` must build a fresh request each time (new Nonce, Timestamp and signature).
 * @param attempt - one try; receives the attempt number (1-based)
 * @param opts - action, purchase, policy, deadline, signal, log
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, opts: WithRetryOptions): Promise<T> {
  const run = async (n: number): Promise<T> => {
    try {
      return await attempt(n);
    } catch (err) {
      if (opts.purchase && !isNotSent(err)) {
        // Throttling (4400) and a locked instance (10707) are refusals made before anything is bought, so they are
        // waited out and tried again. A server error (6000, 6200) can come after the order was committed: the
        // purchase may exist, so it is ambiguous like a lost answer. Any other code is a definite refusal.
        if (err instanceof ServiceError) {
          if (isThrottled(err) || isInstanceLocked(err)) throw err;
          if (isServerError(err)) throw new AbortError(new AmbiguousPurchaseError(opts.action, err));
          throw new AbortError(err);
        }
        throw new AbortError(new AmbiguousPurchaseError(opts.action, err));
      }
      if (err instanceof Error) throw err;
      throw new TransportError({ action: opts.action, notSent: false, cause: err });
    }
  };
  return pRetry(run, {
    retries: Math.max(0, opts.policy.maxAttempts - 1),
    minTimeout: 0,
    maxTimeout: 0,
    onFailedAttempt: ({ error, attemptNumber }) => {
      opts.log?.(`[crs] ${opts.action} attempt ${attemptNumber} failed: ${error.name}: ${error.message}`);
    },
    shouldRetry: async ({ error, attemptNumber, retriesLeft }) => {
      // The signal is not handed to p-retry: it would replace the last error with the abort reason, and a purchase
      // whose answer timed out must surface as AmbiguousPurchaseError.
      if (retriesLeft <= 0 || !isRetryable(error) || opts.signal?.aborted) return false;
      const delay = backoffDelay(attemptNumber, opts.policy, isThrottled(error), opts.random);
      if (processClock().now() + delay >= opts.deadlineAt) return false;
      try {
        await abortableSleep(delay, opts.signal);
      } catch {
        return false;
      }
      return true;
    },
  });
}
