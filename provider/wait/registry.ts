import { createHash } from "node:crypto";
import { processScoped, resetProcessState } from "../processState";
import type { BatchPoller } from "./poller";

/**
 * Returns the object registered under `key`, creating it with `factory` on first use.
 * @param key - e.g. {@link pollerKey}(kind, endpoint, secretId, region); the caller keeps kinds apart
 * @param factory - builds the object the first time
 */
export function processShared<T>(key: string, factory: () => T): T {
  // Kept in the package's one home of process-wide state, created on first use (never at module load: a dynamic
  // provider serializes module scope).
  return processScoped(`wait.${key}`, factory);
}

/**
 * Returns the poller registered under `key`, creating it with `factory` on first use. All waits of the process that
 * use the same key share one polling loop and therefore one fetch per tick.
 * @param key - e.g. {@link pollerKey}(kind, endpoint, secretId, region); the caller keeps kinds apart
 * @param factory - builds the poller the first time
 */
export function sharedPoller<Id extends string, State>(
  key: string,
  factory: () => BatchPoller<Id, State>,
): BatchPoller<Id, State> {
  return processShared(key, factory);
}

/**
 * A registry key from its parts (kind, endpoint, credentials, region...). Hashed, so no credential is kept in clear
 * in the key.
 * @param parts - the values that make two pollers different
 */
export function pollerKey(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("hex");
}

/** Forgets every shared poller and coalescer (tests). Those with work in progress keep running until it ends. */
export function resetSharedPollers(): void {
  resetProcessState("wait.");
}
