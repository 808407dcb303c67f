import { createHmac, timingSafeEqual } from "node:crypto";
import type { Params } from "./params";

/**
 * Verifies a 2017 (v2) signature as the document describes it, written independently of any client: every received
 * parameter except Signature (known to the emulator or not), names with "_" turned into ".", sorted by name,
 * joined as `k=v` with raw (decoded) values, prefixed by METHOD + Host header + path + "?", HMAC with the secret key
 * (SHA256 when SignatureMethod=HmacSHA256, otherwise SHA1), base64. The document's base64 is the standard one (its
 * examples: `base64_encode`, `+`, `/` and the `=` pad): the URL-safe alphabet (`-`, `_`), a missing pad or any other
 * character is refused, though Node's decoder would take them.
 * @internal
 */
export function verify2017(method: string, host: string, path: string, params: Params, secretKey: string): boolean {
  const given = params.Signature;
  if (given === undefined) return false;
  const got = Buffer.from(given, "base64");
  // Only the canonical standard encoding of the bytes: re-encoding must give back exactly what was sent.
  if (got.toString("base64") !== given) return false;
  const algo = params.SignatureMethod === "HmacSHA256" ? "sha256" : "sha1";
  const query = canonical2017(params);
  // The Host header as received; a client that signed the bare hostname (no ":port", as SDKs written for the
  // port-less cloud endpoints do) is accepted too.
  return hostVariants(host).some((h) => {
    const expected = createHmac(algo, secretKey).update(`${method.toUpperCase()}${h}${path}?${query}`, "utf8").digest();
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

/** The Host header, then the same without its port. @internal */
export function hostVariants(host: string): string[] {
  const bare = host.replace(/:\d+$/, "");
  return bare === host ? [host] : [host, bare];
}

/** The sorted request string (exported for unit tests of the emulator itself). @internal */
export function canonical2017(params: Params): string {
  return Object.entries(params)
    .filter(([k]) => k !== "Signature")
    .map(([k, v]) => [k.replace(/_/g, "."), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}
