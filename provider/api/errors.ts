import { CrsError } from "../errors";
import { isRetryableHttpStatus, isRetryableServiceCode, isServerFaultCode, isThrottleServiceCode } from "./classify";

/**
 * Base of the service subtree: every error of a call to the API (the service refused, its answer was out of shape, the
 * exchange failed, a purchase's answer was lost).
 */
export class ApiError extends CrsError {
  override readonly name: string = "ApiError";
}

/** The service answered with an error code (2017 `code` != 0, or API 3.0 `Response.Error`). */
export class ServiceError extends ApiError {
  override readonly name: string = "ServiceError";
  /** 2017 common code (4000-6200), or the module code when the service put it in `code`; 0 for API 3.0. */
  readonly code: number;
  /** 2017 `codeDesc`, if any. */
  readonly codeDesc?: string;
  /** Module code: from a message `(NNNNN) text`, or `code` itself when it is ≥ 10000. */
  readonly moduleCode?: number;
  /** API 3.0 `Error.Code`, e.g. `AuthFailure.SignatureFailure`. */
  readonly errorCode?: string;
  /** Whether a slower backoff applies (4400 / RequestLimitExceeded). */
  readonly throttled: boolean;
  /** The service's message (secrets scrubbed). */
  readonly serviceMessage: string;

  /**
   * @param opts - action, code, message (redacted), codeDesc, moduleCode, errorCode, requestId
   */
  constructor(opts: {
    action: string;
    code: number;
    message: string;
    codeDesc?: string;
    moduleCode?: number;
    errorCode?: string;
    requestId?: string;
  }) {
    const label =
      opts.errorCode ?? (opts.moduleCode !== undefined ? `${opts.code}/${opts.moduleCode}` : `${opts.code}`);
    super(`${opts.action} failed: [${label}] ${opts.message || opts.codeDesc || "error"}`, {
      action: opts.action,
      retryable: isRetryableServiceCode(opts.code, opts.moduleCode, opts.errorCode),
      fault: isServerFaultCode(opts.code, opts.errorCode) ? "server" : "client",
      ...(opts.requestId !== undefined ? { requestId: opts.requestId } : {}),
    });
    this.code = opts.code;
    this.serviceMessage = opts.message;
    this.throttled = isThrottleServiceCode(opts.code, opts.errorCode);
    if (opts.codeDesc !== undefined) this.codeDesc = opts.codeDesc;
    if (opts.moduleCode !== undefined) this.moduleCode = opts.moduleCode;
    if (opts.errorCode !== undefined) this.errorCode = opts.errorCode;
  }
}

/** The answer was not the documented shape: not JSON, HTML, truncated, or a field missing/mistyped. */
export class ResponseShapeError extends ApiError {
  override readonly name: string = "ResponseShapeError";
  /** Dotted path of the failing field (`$` for the whole body). */
  readonly path: string;
  /** HTTP status of the answer. */
  readonly httpStatus: number;

  /**
   * @param opts - action, path, detail (redacted), httpStatus, cause
   */
  constructor(opts: { action: string; path: string; detail: string; httpStatus: number; cause?: unknown }) {
    super(`${opts.action}: unexpected response at "${opts.path}" (HTTP ${opts.httpStatus}): ${opts.detail}`, {
      action: opts.action,
      // A garbled 5xx page from a proxy may pass; a wrong shape in a 200 answer will not.
      retryable: isRetryableHttpStatus(opts.httpStatus),
      fault: "server",
      cause: opts.cause,
    });
    this.path = opts.path;
    this.httpStatus = opts.httpStatus;
  }
}

/** The HTTP exchange failed: connect, timeout, reset, abort. */
export class TransportError extends ApiError {
  override readonly name: string = "TransportError";
  /** Node/undici error code, e.g. `ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`. */
  readonly code?: string;
  /** True only when the request provably never reached the server (refused, DNS, connect timeout). */
  readonly notSent: boolean;

  /**
   * @param opts - action, code, notSent, aborted (caller cancelled: not retryable), cause
   */
  constructor(opts: { action: string; code?: string; notSent: boolean; aborted?: boolean; cause?: unknown }) {
    super(
      `${opts.action}: transport failure${opts.code ? ` (${opts.code})` : ""}${opts.notSent ? ", request not sent" : ""}`,
      { action: opts.action, retryable: opts.aborted !== true, fault: "server", cause: opts.cause },
    );
    if (opts.code !== undefined) this.code = opts.code;
    this.notSent = opts.notSent;
  }
}

/**
 * A purchase (CreateRedis, RenewRedis, UpgradeRedis) was sent but its answer was lost: it may or may not have been
 * bought. Never retried; the caller must look for the result (DescribeRedis / DescribeRedisDealDetail) instead.
 */
export class AmbiguousPurchaseError extends ApiError {
  override readonly name: string = "AmbiguousPurchaseError";

  /**
   * @param action - the purchase action
   * @param cause - the error that lost the answer
   */
  constructor(action: string, cause: unknown) {
    super(`${action}: request was sent but its answer was lost; the purchase may have happened, not retrying`, {
      action,
      retryable: false,
      fault: "server",
      cause,
    });
  }
}
