const WINDOW_S = 7200;

/**
 * The 4500 rule: a Timestamp more than 2 hours from server time, or a (SecretId, Timestamp, Nonce) already seen inside
 * that window, is a replay. Keying on the timestamp as well keeps clients that draw a small random Nonce from colliding
 * across seconds, while a resent request (same signature inputs) is still caught.
 *
 * "Server time" is the emulator's clock, which tests move forward (`/_emulator/clock`); a Timestamp near the host's
 * wall clock is accepted too, because most tests move the emulator's clock while their clients keep signing with the
 * real one. A test that moves a client's clock along with the emulator's (the 12-hour download URL case) is then
 * still in the window.
 * @internal
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** @param serverNow - the emulator's clock in epoch ms (default the wall clock) */
  constructor(private readonly serverNow: () => number = Date.now) {}

  /** Returns an error text, or undefined when the request is fresh (and records it). */
  check(secretId: string, timestamp: number, nonce: string): string | undefined {
    const wall = Date.now() / 1000;
    const server = this.serverNow() / 1000;
    if (Math.abs(wall - timestamp) > WINDOW_S && Math.abs(server - timestamp) > WINDOW_S)
      return `Timestamp ${timestamp} is more than 2 hours from server time`;
    const key = `${secretId}|${timestamp}|${nonce}`;
    if (this.seen.has(key)) return `Nonce ${nonce} was already used`;
    this.seen.set(key, timestamp);
    if (this.seen.size > 10_000)
      for (const [k, ts] of this.seen) if (Math.min(wall, server) - ts > WINDOW_S) this.seen.delete(k);
    return undefined;
  }
}
