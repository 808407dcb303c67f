import { paramError } from "./moduleError";

/** Flat request parameters as received (2017 API: query string or form body). @internal */
export type Params = Record<string, string>;

/** A required string parameter (4000 naming it when absent or empty). @internal */
export function reqStr(p: Params, name: string, ...aliases: string[]): string {
  const v = optStr(p, name, ...aliases);
  if (v === undefined || v === "") throw paramError(name);
  return v;
}

/** An optional string parameter, trying documented misspellings after the canonical name. @internal */
export function optStr(p: Params, name: string, ...aliases: string[]): string | undefined {
  for (const k of [name, ...aliases]) if (p[k] !== undefined) return p[k];
  return undefined;
}

/** A required integer parameter. @internal */
export function reqInt(p: Params, name: string, ...aliases: string[]): number {
  const v = reqStr(p, name, ...aliases);
  return toInt(name, v);
}

/** An optional integer parameter with a default. @internal */
export function optInt(p: Params, name: string, dflt: number, ...aliases: string[]): number {
  const v = optStr(p, name, ...aliases);
  if (v === undefined || v === "") return dflt;
  return toInt(name, v);
}

function toInt(name: string, v: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw paramError(name, "must be an integer");
  return Number(v);
}

/** Collects `name.0`, `name.1`, ... (also `name_0`) in index order. @internal */
export function list(p: Params, name: string): string[] {
  const out: [number, string][] = [];
  for (const [k, v] of Object.entries(p)) {
    const m = /^(.+)[._](\d+)$/.exec(k);
    if (m && m[1] === name) out.push([Number(m[2]), v]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}
