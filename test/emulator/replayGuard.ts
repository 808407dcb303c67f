const WINDOW_S = 7200;

/** Uses between two sweeps of the entries that can no longer matter. */
const SWEEP_EVERY = 1000;

/**
 * The 4500 rule of the document ("two Nonce parameters cannot be repeated, and the Timestamp parameter cannot have a
 * time difference of more than 2 hours from Tencent server"): a Timestamp more than 2 hours from server time is
 * refused, and so is a (SecretId, Nonce) pair used again within the 2-hour window, whatever the Timestamp (a client
 * must not count on a new second to reuse a Nonce). Two uses are within the window when their Timestamps are at most
 * 7200 s apart.
 *
 * "Server time" is the emulator's clock, which tests move forward (`/_emulator/clock`); a Timestamp near the host's
 * wall clock is accepted too, because most tests move the emulator's clock while their clients keep signing with the
 * real one. A test that moves a client's clock along with the emulator's (the 12-hour download URL case) is then
 * still in the window.
 *
 * Memory is bounded: every SWEEP_EVERY uses, entries whose Timestamp is so old that no acceptable request can fall in
 * their window (more than 2 windows before the older of the two clocks) are dropped.
 * @internal
 */
export class ReplayGuard {
  /** Timestamp of the last use of each `SecretId|Nonce`. */
  private readonly seen = new Map<string, number>();
  private sinceSweep = 0;

  /**
   * @param serverNow - the emulator's clock in epoch ms (default the wall clock)
   * @param wallNow - the host's clock in epoch ms (replaceable for tests)
   */
  constructor(
    private readonly serverNow: () => number = Date.now,
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** Returns an error text, or undefined when the request is fresh (and records it). */
  check(secretId: string, timestamp: number, nonce: string): string | undefined {
    const wall = this.wallNow() / 1000;
    const server = this.serverNow() / 1000;
    if (Math.abs(wall - timestamp) > WINDOW_S && Math.abs(server - timestamp) > WINDOW_S)
      return `Timestamp ${timestamp} is more than 2 hours from server time`;
    const key = `${secretId}|${nonce}`;
    const last = this.seen.get(key);
    if (last !== undefined && Math.abs(timestamp - last) <= WINDOW_S)
      return `Nonce ${nonce} was already used within 2 hours (Timestamp ${last})`;
    this.seen.delete(key); // re-inserted last: the map stays in order of use
    this.seen.set(key, timestamp);
    if (++this.sinceSweep >= SWEEP_EVERY) this.sweep(Math.min(wall, server));
    return undefined;
  }

  /** Entries held (for tests of the memory bound). */
  size(): number {
    return this.seen.size;
  }

  /**
   * An accepted Timestamp is at least `floor - WINDOW_S`; a use can clash with it only if its own Timestamp is at most
   * WINDOW_S earlier than that.
   */
  private sweep(floor: number): void {
    this.sinceSweep = 0;
    const oldest = floor - 2 * WINDOW_S;
    for (const [k, ts] of this.seen) if (ts < oldest) this.seen.delete(k);
  }
}
