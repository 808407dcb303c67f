/**
 * Pure predicates over CRS error codes. They never import the error classes, so errors.ts can use them to set
 * `retryable` at construction and callers can test any `unknown` by its fields.
 * @internal
 */

/** Common 2017 codes worth another attempt: 6000 server error, 6200 API under maintenance, 4400 throttled. */
export const RETRYABLE_COMMON_CODES: ReadonlySet<number> = new Set([6000, 6200, 4400]);
/** 4400: over quota; retried with a slower backoff. */
export const THROTTLE_CODE = 4400;
/** Module code 10707: the instance is locked by a running task; wait and try again. */
export const INSTANCE_LOCKED_MODULE_CODE = 10707;

/** API 3.0 error codes (prefixes) that mean "try again later". */
const RETRYABLE_API3_PREFIXES = ["InternalError", "RequestLimitExceeded", "ResourceUnavailable.InstanceLocked"];
const THROTTLE_API3_PREFIXES = ["RequestLimitExceeded"];

/** Error codes by which the OS says a connection was never made: the request provably never left this host. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Whether a service answer may be retried.
 * @param code - 2017 common code (or module code when the service put it in `code`)
 * @param moduleCode - module code parsed from the message, if any
 * @param errorCode - API 3.0 `Error.Code`, if any
 */
export function isRetryableServiceCode(code: number, moduleCode?: number, errorCode?: string): boolean {
  if (RETRYABLE_COMMON_CODES.has(code)) return true;
  if (moduleCode === INSTANCE_LOCKED_MODULE_CODE || code === INSTANCE_LOCKED_MODULE_CODE) return true;
  if (errorCode !== undefined) return RETRYABLE_API3_PREFIXES.some((p) => errorCode.startsWith(p));
  return false;
}

/**
 * Whether a service answer says the caller is throttled (slower backoff).
 * @param code - common code
 * @param errorCode - API 3.0 `Error.Code`, if any
 */
export function isThrottleServiceCode(code: number, errorCode?: string): boolean {
  if (code === THROTTLE_CODE) return true;
  return errorCode !== undefined && THROTTLE_API3_PREFIXES.some((p) => errorCode.startsWith(p));
}

/**
 * Server-side fault (the caller did nothing wrong) for a service code.
 * @param code - common code
 * @param errorCode - API 3.0 `Error.Code`, if any
 */
export function isServerFaultCode(code: number, errorCode?: string): boolean {
  if (code >= 6000 && code < 7000) return true;
  return errorCode?.startsWith("InternalError") === true;
}

/**
 * Whether a low-level network error code proves the request never reached the server.
 * @param code - `err.code` of a Node/undici error
 */
export function isNotSentNetworkCode(code: string | undefined): boolean {
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/**
 * Whether an HTTP status without an API answer may be retried (5xx, 429).
 * @param status - HTTP status code
 */
export function isRetryableHttpStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

function field(err: unknown, name: string): unknown {
  return typeof err === "object" && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

/**
 * True when an error says it may be retried (`retryable === true`, as every CrsError carries).
 * @param err - anything thrown
 */
export function isRetryable(err: unknown): boolean {
  return field(err, "retryable") === true;
}

/**
 * True for a throttling answer (code 4400 or RequestLimitExceeded).
 * @param err - anything thrown
 */
export function isThrottled(err: unknown): boolean {
  const code = field(err, "code");
  const errorCode = field(err, "errorCode");
  return typeof code === "number" && isThrottleServiceCode(code, typeof errorCode === "string" ? errorCode : undefined);
}

/**
 * True when the instance is locked by another task (module code 10707).
 * @param err - anything thrown
 */
export function isInstanceLocked(err: unknown): boolean {
  return field(err, "moduleCode") === INSTANCE_LOCKED_MODULE_CODE;
}

/**
 * True for a transport error that proves the request never reached the server (refused, DNS, connect timeout).
 * @param err - anything thrown
 */
export function isNotSent(err: unknown): boolean {
  return field(err, "notSent") === true;
}

/**
 * True for a service answer that says the server failed (6000-6999, InternalError): for an order, it may have come
 * after the order was committed.
 * @param err - anything thrown
 */
export function isServerError(err: unknown): boolean {
  const code = field(err, "code");
  const errorCode = field(err, "errorCode");
  return typeof code === "number" && isServerFaultCode(code, typeof errorCode === "string" ? errorCode : undefined);
}
