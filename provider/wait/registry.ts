import { createHash } from "node:crypto";
import type { BatchPoller } from "./poller";

/**
 * Process-wide shared objects (pollers, read coalescers), one per key. Created lazily on first use: dynamic
 * providers serialize module scope, so no live object may exist at module load (this variable is `undefined` until
 * a wait or a read happens in the provider process).
 */
let shared: Map<string, unknown> | undefined;

/**
 * Returns the object registered under `key`, creating it with `factory` on first use.
 * @param key - e.g. {@link pollerKey}(kind, endpoint, secretId, region); the caller keeps kinds apart
 * @param factory - builds the object the first time
 */
export function processShared<T>(key: string, factory: () => T): T {
  shared ??= new Map();
  if (!shared.has(key)) shared.set(key, factory());
  return shared.get(key) as T;
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
  shared = undefined;
}
