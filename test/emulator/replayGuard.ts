const WINDOW_S = 7200;

/**
 * The 4500 rule: a Timestamp more than 2 hours from wall time, or a (SecretId, Timestamp, Nonce) already seen inside
 * that window, is a replay. Keying on the timestamp as well keeps clients that draw a small random Nonce from colliding
 * across seconds, while a resent request (same signature inputs) is still caught.
 * @internal
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** Returns an error text, or undefined when the request is fresh (and records it). */
  check(secretId: string, timestamp: number, nonce: string): string | undefined {
    const now = Date.now() / 1000;
    if (Math.abs(now - timestamp) > WINDOW_S) return `Timestamp ${timestamp} is more than 2 hours from server time`;
    const key = `${secretId}|${timestamp}|${nonce}`;
    if (this.seen.has(key)) return `Nonce ${nonce} was already used`;
    this.seen.set(key, timestamp);
    if (this.seen.size > 10_000) for (const [k, ts] of this.seen) if (now - ts > WINDOW_S) this.seen.delete(k);
    return undefined;
  }
}
