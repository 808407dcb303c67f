/**
 * The emulator's notion of "now": wall time plus a test-controlled offset, so tests can jump over deadlines,
 * backup expiry and download-URL lifetimes without waiting. Signature timestamps are checked against wall time
 * instead (clients sign with their real clock).
 * @internal
 */
export class EmulatorClock {
  constructor(public offsetMs = 0) {}

  /** Emulator time in epoch milliseconds. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves emulator time forward by `ms` (never backwards). */
  advance(ms: number): number {
    if (ms > 0) this.offsetMs += ms;
    return this.now();
  }
}

/** Formats epoch ms as the documents' "YYYY-MM-DD HH:mm:ss" (UTC+8, the service's local time). */
export function formatTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return d.toISOString().slice(0, 19).replace("T", " ");
}

/** Parses "YYYY-MM-DD HH:mm:ss" (UTC+8) to epoch ms; NaN when malformed. */
export function parseTime(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s.trim());
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
}

/** Adds calendar months to an epoch ms (UTC), clamping to the month's last day like a billing system would. */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

/** The UTC+8 calendar day of an epoch ms, used for the 24-backups-a-day counter. */
export function dayKey(ms: number): string {
  return formatTime(ms).slice(0, 10);
}
