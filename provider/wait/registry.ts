import { createHash } from "node:crypto";
import type { BatchPoller } from "./poller";

/**
 * Process-wide pollers, one per key. Created lazily on first use: dynamic providers serialize module scope, so no live
 * object may exist at module load (this variable is `undefined` until a wait happens in the provider process).
 */
let pollers: Map<string, BatchPoller<string, unknown>> | undefined;

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
  pollers ??= new Map();
  let poller = pollers.get(key);
  if (!poller) {
    poller = factory() as unknown as BatchPoller<string, unknown>;
    pollers.set(key, poller);
  }
  return poller as unknown as BatchPoller<Id, State>;
}

/**
 * A registry key from its parts (kind, endpoint, credentials, region...). Hashed, so no credential is kept in clear
 * in the key.
 * @param parts - the values that make two pollers different
 */
export function pollerKey(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("hex");
}

/** Forgets every shared poller (tests). Pollers with waits in progress keep running until those end. */
export function resetSharedPollers(): void {
  pollers = undefined;
}
