/**
 * Parses a CRS time ("2017-07-24 11:27:04", China Standard Time, UTC+8) to epoch milliseconds.
 * @internal
 */
export function parseCrsTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - 8 * 3600_000;
}

/**
 * Formats epoch milliseconds as a CRS time ("2017-07-24 11:27:04", China Standard Time).
 * @internal
 */
export function formatCrsTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}
