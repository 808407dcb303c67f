/**
 * The typed CRS API client: signing, transport, retries, errors and one function per action.
 * @packageDocumentation
 */

export * from "./backupActions";
export * from "./catalogueActions";
export * from "./classify";
export { type CallOptions, CrsClient, type CrsClientOptions, REDIS3_VERSION, SQLSERVER3_VERSION } from "./client";
export * from "./dealActions";
export * from "./errors";
export { flatten, type ParamValue } from "./flatten";
export * from "./instanceActions";
export { DEFAULT_RATE_PER_SECOND, RequestRateLimiter, sharedRateLimiter } from "./rateLimit";
export { REDACTED, redact, redactText } from "./redact";
export * from "./redis3";
export { AT_MOST_ONCE_ACTIONS, backoffDelay, DEFAULT_RETRY_POLICY, PURCHASE_ACTIONS, type RetryPolicy } from "./retry";
export { type Algorithm2017, canonicalString2017, sign2017 } from "./sign2017";
export { serviceFromHost, signTc3 } from "./signTc3";
export * from "./sqlserver3";
export * from "./taskActions";
export { closePools, DEFAULT_TIMEOUTS, HTTP_TIMEOUT_ENV, type TransportTimeouts } from "./transport";
export { isReadOnlyAction, writeEpoch } from "./writeEpoch";
