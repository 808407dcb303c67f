import { createHmac } from "node:crypto";

/** Signature methods of the 2017 API. */
export type Algorithm2017 = "HmacSHA1" | "HmacSHA256";

/** Inputs of a 2017 signature. */
export interface Sign2017Input {
  /** Every parameter sent except `Signature` (common and action parameters, flattened). */
  params: Record<string, string>;
  /** `GET` or `POST`, as sent. */
  method: string;
  /** Host as sent in the Host header (with the port when not the default). */
  host: string;
  /** Request path, e.g. `/v2/index.php`. */
  path: string;
  secretKey: string;
  algorithm: Algorithm2017;
}

/**
 * The string the 2017 API signs: `METHOD + host + path + "?" + k=v&…`, parameters sorted by name, `_` in names
 * turned into `.`, values NOT URL-encoded.
 * @param input - params, method, host, path
 */
export function canonicalString2017(input: Pick<Sign2017Input, "params" | "method" | "host" | "path">): string {
  const pairs = Object.entries(input.params).map(([k, v]) => [k.replace(/_/g, "."), v] as const);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = pairs.map(([k, v]) => `${k}=${v}`).join("&");
  return `${input.method.toUpperCase()}${input.host}${input.path}?${query}`;
}

/**
 * The base64 HMAC signature of a 2017 request. Pure: no clock, no randomness.
 * @param input - params, method, host, path, secretKey, algorithm
 */
export function sign2017(input: Sign2017Input): string {
  const hash = input.algorithm === "HmacSHA256" ? "sha256" : "sha1";
  return createHmac(hash, input.secretKey).update(canonicalString2017(input), "utf8").digest("base64");
}
