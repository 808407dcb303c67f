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

/** ModfiyRedisPassword: the old password does not match (it was changed outside Pulumi). */
export const PASSWORD_MISMATCH_MODULE_CODE = 10502;
/** ExportRedisBackup: "only the backup with status 2 can be exported" (it is exported or exporting already). */
export const BACKUP_NOT_EXPORTABLE_MODULE_CODE = 10711;
/** InvalidParameter, the only ManualBackupInstance code that can carry its daily limit. */
export const INVALID_PARAMETER_MODULE_CODE = 11201;

/**
 * True when ModfiyRedisPassword refused the old password (module code 10502): ResetRedisPassword is the way back.
 * @param err - anything thrown
 */
export function isPasswordMismatch(err: unknown): boolean {
  return field(err, "moduleCode") === PASSWORD_MISMATCH_MODULE_CODE;
}

/**
 * True when ExportRedisBackup refused because the backup is not in status 2 (module code 10711).
 * @param err - anything thrown
 */
export function isBackupNotExportable(err: unknown): boolean {
  return field(err, "moduleCode") === BACKUP_NOT_EXPORTABLE_MODULE_CODE;
}

/**
 * The 24-a-day refusal of ManualBackupInstance. Its document states the limit but lists no code of its own for it;
 * its table's only code that can carry it is 11201 (InvalidParameter), so the refusal is 11201 whose text speaks of
 * the daily limit, never any message that merely contains "24" (an instance id, a count, another code's text).
 * @param err - anything thrown
 */
export function isDailyBackupLimit(err: unknown): boolean {
  if (field(err, "moduleCode") !== INVALID_PARAMETER_MODULE_CODE) return false;
  const message = field(err, "serviceMessage");
  const desc = field(err, "codeDesc");
  const text = `${typeof message === "string" ? message : ""} ${typeof desc === "string" ? desc : ""}`;
  return /\blimit(ed)?\b|\bexceed|\bfrequen|\b24\s+(calls|times|backups|manual)|\b(a|per|each)\s+day\b/i.test(text);
}
