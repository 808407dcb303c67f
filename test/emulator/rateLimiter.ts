/** At most `perSecond` requests in any sliding second (4400 beyond). Unlimited when undefined. @internal */
export class RateLimiter {
  private stamps: number[] = [];

  constructor(private readonly perSecond: number | undefined) {}

  allow(): boolean {
    if (this.perSecond === undefined || this.perSecond <= 0) return true;
    const now = Date.now();
    this.stamps = this.stamps.filter((t) => now - t < 1000);
    if (this.stamps.length >= this.perSecond) return false;
    this.stamps.push(now);
    return true;
  }
}
