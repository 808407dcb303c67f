import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { hostVariants } from "./verify2017";

/** What the TC3 check needs from the request. @internal */
export interface Tc3Request {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Outcome of a TC3 check: ok, or an API 3.0 error code and text. @internal */
export type Tc3Result = { ok: true; secretId: string; service: string } | { ok: false; code: string; text: string };

const AUTH_RE =
  /^TC3-HMAC-SHA256\s+Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-fA-F]{64})$/;

/**
 * Verifies TC3-HMAC-SHA256: canonical request (method, URI, query, the signed headers lower-cased and trimmed,
 * signed header list, hex SHA256 of the payload), string to sign with the X-TC-Timestamp and credential scope,
 * key derived as HMAC chain "TC3"+key -> date -> service -> "tc3_request", hex signature (64 hex digits; either case
 * is taken, as the documents here do not say lowercase; base64 or any other form is malformed). X-TC-Timestamp must
 * be within 2 hours of the emulator's clock or the host's.
 * @internal
 */
export function verifyTc3(
  req: Tc3Request,
  secretFor: (id: string) => string | undefined,
  serverNow: () => number = Date.now,
): Tc3Result {
  const auth = header(req.headers, "authorization");
  const m = AUTH_RE.exec(auth.trim());
  if (!m) return { ok: false, code: "AuthFailure.InvalidAuthorization", text: "Authorization header is malformed" };
  const [, secretId = "", date = "", service = "", signedHeaders = "", signature = ""] = m;
  const key = secretFor(secretId);
  if (key === undefined)
    return { ok: false, code: "AuthFailure.SecretIdNotFound", text: `SecretId ${secretId} not found` };
  const ts = header(req.headers, "x-tc-timestamp");
  if (!/^\d+$/.test(ts)) return { ok: false, code: "MissingParameter", text: "X-TC-Timestamp is missing or invalid" };
  // As the 2017 replay guard: within 2 hours of the emulator's clock (which tests move) or of the host's.
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 7200 && Math.abs(serverNow() / 1000 - Number(ts)) > 7200)
    return { ok: false, code: "AuthFailure.SignatureExpire", text: "X-TC-Timestamp is more than 2 hours off" };
  if (new Date(Number(ts) * 1000).toISOString().slice(0, 10) !== date)
    return { ok: false, code: "AuthFailure.SignatureFailure", text: "credential date does not match X-TC-Timestamp" };
  const names = signedHeaders.split(";");
  if (!names.includes("host"))
    return { ok: false, code: "AuthFailure.SignatureFailure", text: "SignedHeaders must include host" };
  const kDate = createHmac("sha256", `TC3${key}`).update(date).digest();
  const kService = createHmac("sha256", kDate).update(service).digest();
  const kSigning = createHmac("sha256", kService).update("tc3_request").digest();
  const got = Buffer.from(signature, "hex");
  const payloadHash = createHash("sha256").update(req.body).digest("hex");
  const matches = hostVariants(header(req.headers, "host")).some((host) => {
    const value = (n: string): string => (n === "host" ? host : header(req.headers, n)).trim().toLowerCase();
    const canonicalHeaders = names.map((n) => `${n}:${value(n)}\n`).join("");
    const canonicalRequest = [
      req.method.toUpperCase(),
      req.path,
      req.query,
      canonicalHeaders,
      signedHeaders,
      payloadHash,
    ].join("\n");
    const scope = `${date}/${service}/tc3_request`;
    const toSign = `TC3-HMAC-SHA256\n${ts}\n${scope}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
    const expected = createHmac("sha256", kSigning).update(toSign).digest();
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
  if (!matches) return { ok: false, code: "AuthFailure.SignatureFailure", text: "signature does not match" };
  return { ok: true, secretId, service };
}

function header(h: Tc3Request["headers"], name: string): string {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v.join(",") : (v ?? "");
}
