import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { API3_PRODUCTS, type Api3Body } from "./api3";
import { bodyOfForm, formParams, isParamForm, verifyParamForm } from "./api3Params";
import type { RouteDeps } from "./api2017Route";
import { applyAfter, applyBefore } from "./faultApply";
import { readBody, sendJson } from "./httpUtil";
import { EmulatorError } from "./moduleError";
import { verifyTc3 } from "./verifyTc3";

const fail = (code: string, text: string): EmulatorError => new EmulatorError(4000, undefined, code, text, code);

type Product = (typeof API3_PRODUCTS)[string];

/** The TC3 form: POST, product and action in X-TC-* headers, TC3-HMAC-SHA256, JSON body (its parsed body returned). */
function checkTc3(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  d: RouteDeps,
  product: Product | undefined,
  version: string,
  action: string,
): Api3Body {
  if ((req.method ?? "").toUpperCase() !== "POST")
    throw fail("UnsupportedProtocol", "API 3.0 with TC3 headers accepts POST only");
  if (!product) throw fail("InvalidParameterValue", `X-TC-Version ${version} is not 2018-04-12 or 2018-03-28`);
  if (action === "") throw fail("MissingParameter", "X-TC-Action is missing");
  const auth = verifyTc3(
    { method: req.method ?? "POST", path: url.pathname, query: url.search.slice(1), headers: req.headers, body },
    (id) => (id === d.secretId ? d.secretKey : undefined),
    () => d.engine.now(),
  );
  if (!auth.ok) throw fail(auth.code, auth.text);
  if (auth.service !== product.service)
    throw fail("AuthFailure.SignatureFailure", `credential scope service ${auth.service} is not ${product.service}`);
  try {
    const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    return parsed as Api3Body;
  } catch {
    throw fail("InvalidParameter", "the body is not a JSON object");
  }
}

/**
 * Serves API 3.0 at "/" in two forms. TC3: POST with a JSON body, product chosen by X-TC-Version, action by
 * X-TC-Action, signed with TC3-HMAC-SHA256 over the Host header received. Parameters (the documents' own example,
 * used when no Authorization header is sent): Action, Version and the common parameters as GET query or POST form
 * parameters, signed with HmacSHA1 or HmacSHA256 as the 2017 API is (the same verifier), arrays as `Name.N`. Answers `{"Response": {..., "RequestId"}}`, errors as
 * `Response.Error.Code` (HTTP 200, as the service does).
 * @internal
 */
export async function serve3(req: IncomingMessage, res: ServerResponse, url: URL, d: RouteDeps): Promise<void> {
  const body = await readBody(req);
  // The documents' example form: Action, Version and the common parameters as request parameters, 2017 signature.
  const form = isParamForm(req) ? formParams(req, url, body) : undefined;
  const version = form ? (form.Version ?? "") : String(req.headers["x-tc-version"] ?? "");
  const action = form ? (form.Action ?? "") : String(req.headers["x-tc-action"] ?? "");
  const product = API3_PRODUCTS[version];
  const requestId = randomUUID();
  let params: Api3Body = {};
  let code: number | string = 0;
  let httpStatus = 200;
  let taken: ReturnType<RouteDeps["faults"]["take"]>;
  const answer = (inner: Record<string, unknown>): void => {
    httpStatus = 200;
    sendJson(res, 200, { Response: { ...inner, RequestId: requestId } });
  };
  try {
    if (!d.limiter.allow()) throw fail("RequestLimitExceeded", "request rate exceeds the limit");
    if (form) {
      verifyParamForm(req, url, form, d);
      if (!product) throw fail("InvalidParameterValue", `Version ${version} is not 2018-04-12 or 2018-03-28`);
      params = bodyOfForm(form);
    } else {
      params = checkTc3(req, url, body, d, product, version, action);
    }
    if (!product) throw new Error("unreachable: product checked above");
    const handler = product.actions[action];
    if (!handler) throw fail("InvalidAction", `Action ${action} is not supported by ${product.service} ${version}`);
    taken = d.faults.take(action, d.engine.now());
    const fault = taken?.fault;
    const before = await applyBefore(fault, req, res);
    if (before.kind === "answered") {
      code = before.httpStatus === 500 ? "InternalError" : -1;
      httpStatus = before.httpStatus;
      return;
    }
    if (before.kind === "error") {
      if (before.fault === "code6000") throw fail("InternalError", "server error (injected)");
      if (before.fault === "throttle4400") throw fail("RequestLimitExceeded", "request quota exceeded (injected)");
      throw fail("ResourceUnavailable.InstanceLocked", "instance locked (injected)");
    }
    const result = await d.serial.run(async () => {
      await d.engine.tick();
      try {
        return handler(d.engine, params);
      } finally {
        d.engine.commit();
      }
    });
    const after = applyAfter(fault, req, res, { Response: { ...result, RequestId: requestId } }, true);
    if (after !== undefined) {
      httpStatus = after.httpStatus;
      if (after.code !== undefined) code = after.code;
      return;
    }
    answer(result);
  } catch (e) {
    const err = e instanceof EmulatorError ? e : fail("InternalError", e instanceof Error ? e.message : String(e));
    code = err.api3Code;
    answer({ Error: { Code: err.api3Code, Message: err.message } });
  } finally {
    const seq = d.calls.add({ time: d.engine.now(), api: product?.api ?? "redis3", action, params, code, httpStatus });
    if (taken) taken.fired.seq = seq;
  }
}
