/** Names whose values never appear in logs or error messages (compared case-insensitively). */
export const SECRET_NAMES: ReadonlySet<string> = new Set(
  ["password", "oldPassword", "SecretKey", "Signature", "Authorization", "Token", "X-TC-Token"].map((n) =>
    n.toLowerCase(),
  ),
);

/** What a redacted value is replaced with. */
export const REDACTED = "***";

function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

/**
 * A deep copy with the values of secret-named keys replaced by `***`.
 * @param value - anything about to be logged
 */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) ? REDACTED : redact(v);
    return out;
  }
  return value;
}

const QUERY_PAIR = /(^|[?&\s"'{,])(password|oldPassword|SecretKey|Signature|Token|X-TC-Token)(=|"\s*:\s*")([^&\s"]*)/gi;
const AUTH_HEADER = /(TC3-HMAC-SHA256\s+Credential=[^,]*,\s*SignedHeaders=[^,]*,\s*Signature=)[0-9a-f]+/gi;

/**
 * Scrubs a text: `name=value` and `"name":"value"` pairs of secret names, TC3 signatures, and every literal secret
 * value given (e.g. the password the service might echo back in a message).
 * @param text - text to scrub
 * @param secrets - literal values that must not appear
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(QUERY_PAIR, (_m, pre: string, name: string, sep: string) => `${pre}${name}${sep}${REDACTED}`);
  out = out.replace(AUTH_HEADER, `$1${REDACTED}`);
  for (const s of secrets) {
    if (s.length >= 3) {
      out = out.split(s).join(REDACTED);
      const enc = encodeURIComponent(s);
      if (enc !== s) out = out.split(enc).join(REDACTED);
    }
  }
  return out;
}

/**
 * The values of secret-named keys in a flat parameter map, to be scrubbed from any text.
 * @param params - request parameters
 */
export function secretValues(params: Record<string, unknown>): string[] {
  return Object.entries(params)
    .filter(([k, v]) => isSecretName(k) && typeof v === "string" && v !== "")
    .map(([, v]) => v as string);
}
