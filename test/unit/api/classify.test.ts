import { describe, expect, it } from "vitest";
import { isInstanceLocked, isNotSent, isRetryable, isThrottled } from "../../../provider/api/classify";
import { AmbiguousPurchaseError, ResponseShapeError, ServiceError, TransportError } from "../../../provider/api/errors";
import { ConfigError } from "../../../provider/errors";

const svc = (code: number, moduleCode?: number, errorCode?: string) =>
  new ServiceError({
    action: "A",
    code,
    message: "m",
    ...(moduleCode ? { moduleCode } : {}),
    ...(errorCode ? { errorCode } : {}),
  });

describe("classification", () => {
  it.each([6000, 6200, 4400])("code %i is retryable", (c) => expect(isRetryable(svc(c))).toBe(true));
  it.each([4000, 4100, 4500, 5000, 5100, 5300])("code %i is not retryable", (c) =>
    expect(isRetryable(svc(c))).toBe(false),
  );
  it("module 10707 (locked) is retryable, other module codes are not", () => {
    expect(isRetryable(svc(5100, 10707))).toBe(true);
    expect(isInstanceLocked(svc(5100, 10707))).toBe(true);
    expect(isRetryable(svc(5100, 10502))).toBe(false);
    expect(isInstanceLocked(svc(5100, 10502))).toBe(false);
  });
  it("4400 and RequestLimitExceeded are throttling", () => {
    expect(isThrottled(svc(4400))).toBe(true);
    expect(isThrottled(svc(0, undefined, "RequestLimitExceeded"))).toBe(true);
    expect(isThrottled(svc(6000))).toBe(false);
  });
  it("API 3.0 codes", () => {
    expect(isRetryable(svc(0, undefined, "InternalError.DBError"))).toBe(true);
    expect(svc(0, undefined, "InternalError").fault).toBe("server");
    expect(isRetryable(svc(0, undefined, "AuthFailure.SignatureFailure"))).toBe(false);
    expect(svc(0, undefined, "AuthFailure.SignatureFailure").fault).toBe("client");
  });
  it("transport: network errors retryable, caller aborts not; notSent only when proven", () => {
    expect(isRetryable(new TransportError({ action: "A", code: "ECONNRESET", notSent: false }))).toBe(true);
    expect(isRetryable(new TransportError({ action: "A", notSent: false, aborted: true }))).toBe(false);
    expect(isNotSent(new TransportError({ action: "A", code: "ECONNREFUSED", notSent: true }))).toBe(true);
    expect(isNotSent(new TransportError({ action: "A", code: "UND_ERR_HEADERS_TIMEOUT", notSent: false }))).toBe(false);
  });
  it("HTTP 5xx pages are retryable, bad 200 answers are not", () => {
    expect(isRetryable(new ResponseShapeError({ action: "A", path: "$", detail: "", httpStatus: 502 }))).toBe(true);
    expect(isRetryable(new ResponseShapeError({ action: "A", path: "$", detail: "", httpStatus: 200 }))).toBe(false);
  });
  it("ambiguous purchases and config errors are never retryable", () => {
    expect(isRetryable(new AmbiguousPurchaseError("CreateRedis", new Error("x")))).toBe(false);
    expect(isRetryable(new ConfigError("x"))).toBe(false);
    expect(isRetryable(new Error("plain"))).toBe(false);
  });
});
