import type { IncomingMessage } from "node:http";
import type { Api3Body } from "./api3";
import type { RouteDeps } from "./api2017Route";
import { EmulatorError } from "./moduleError";
import type { Params } from "./params";
import { verify2017 } from "./verify2017";

const fail = (code: string, text: string): EmulatorError => new EmulatorError(4000, undefined, code, text, code);

/** Common parameters of the parameter form, never action parameters (the SDKs add RequestClient and Language). */
const COMMON = new Set([
  "Action",
  "Version",
  "Region",
  "Timestamp",
  "Nonce",
  "SecretId",
  "Signature",
  "SignatureMethod",
  "Token",
  "Language",
  "RequestClient",
]);

/**
 * Whether an API 3.0 request is in the parameter form of the documents' own example (`?Action=...&Version=...` and
 * the common parameters as request parameters) rather than TC3 headers: no TC3 Authorization header.
 * @internal
 */
export function isParamForm(req: IncomingMessage): boolean {
  return req.headers.authorization === undefined;
}

/**
 * The parameters of a parameter-form request: the query string of a GET, the form body of a POST (never mixed,
 * as for the 2017 API).
 * @internal
 */
export function formParams(req: IncomingMessage, url: URL, body: Buffer): Params {
  const method = (req.method ?? "GET").toUpperCase();
  const raw = method === "POST" ? body.toString("utf8") : url.search.slice(1);
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * Checks a parameter-form request as the 2017 API is checked (the same verifier: HmacSHA1 or HmacSHA256 over
 * METHOD + Host + path + "?" + the sorted parameters, then the replay guard).
 * @internal
 */
export function verifyParamForm(req: IncomingMessage, url: URL, p: Params, d: RouteDeps): void {
  for (const name of ["Action", "Version", "Region", "SecretId", "Signature", "Timestamp", "Nonce"])
    if (!p[name]) throw fail("MissingParameter", `${name} is missing`);
  if (!/^\d+$/.test(p.Timestamp ?? "")) throw fail("InvalidParameter", "Timestamp must be an integer");
  const method = p.SignatureMethod;
  if (method !== undefined && method !== "HmacSHA1" && method !== "HmacSHA256")
    throw fail("InvalidParameterValue", `SignatureMethod ${method} is not HmacSHA1 or HmacSHA256`);
  if (p.SecretId !== d.secretId) throw fail("AuthFailure.SecretIdNotFound", `SecretId ${p.SecretId} not found`);
  if (!verify2017(req.method ?? "GET", req.headers.host ?? "", url.pathname, p, d.secretKey))
    throw fail("AuthFailure.SignatureFailure", "signature does not match");
  const replay = d.replay.check(p.SecretId ?? "", Number(p.Timestamp), p.Nonce ?? "");
  if (replay !== undefined) throw fail("AuthFailure.SignatureExpire", replay);
}

/**
 * The action's parameters as the JSON body the API 3.0 handlers take: `Name.N` becomes an array, whole numbers
 * become numbers (the form carries only text; the handlers' strings, ids and times, are never whole numbers).
 * @internal
 */
export function bodyOfForm(p: Params): Api3Body {
  const out: Api3Body = {};
  const arrays = new Map<string, [number, unknown][]>();
  const value = (v: string): unknown => (/^-?\d+$/.test(v) ? Number(v) : v);
  for (const [k, v] of Object.entries(p)) {
    if (COMMON.has(k)) continue;
    const m = /^(.+)[._](\d+)$/.exec(k);
    if (m) {
      const list = arrays.get(m[1] as string) ?? [];
      list.push([Number(m[2]), value(v)]);
      arrays.set(m[1] as string, list);
    } else out[k] = value(v);
  }
  for (const [k, list] of arrays) out[k] = list.sort(([a], [b]) => a - b).map(([, v]) => v);
  return out;
}
