import type { IncomingMessage, ServerResponse } from "node:http";
import { ACTIONS_2017, STRING_CODE_ACTIONS } from "./actions";
import type { CallLog } from "./callLog";
import { checkDocumentedParams } from "./documentedParams";
import type { Engine } from "./engine";
import { applyAfter, applyBefore } from "./faultApply";
import type { Faults } from "./faults";
import { readBody, type Serial, sendJson } from "./httpUtil";
import { EmulatorError, moduleError } from "./moduleError";
import type { Params } from "./params";
import type { RateLimiter } from "./rateLimiter";
import type { ReplayGuard } from "./replayGuard";
import { verify2017 } from "./verify2017";

/** What the 2017 route shares with the rest of the server. @internal */
export interface RouteDeps {
  engine: Engine;
  calls: CallLog;
  faults: Faults;
  replay: ReplayGuard;
  limiter: RateLimiter;
  serial: Serial;
  secretId: string;
  secretKey: string;
}

const common = (code: number, codeDesc: string, text: string): EmulatorError =>
  new EmulatorError(code, undefined, codeDesc, text);

/**
 * Serves /v2/index.php. GET reads the query string; POST reads only the form body (the document: the two are never
 * mixed). Order of checks: rate limit (4400), common parameters (4000), SecretId (4104), signature (4100),
 * replay (4500), action (4000), parameter names the document gives for the action (4000), injected faults, then the
 * action.
 * @internal
 */
export async function serve2017(req: IncomingMessage, res: ServerResponse, url: URL, d: RouteDeps): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const raw = method === "POST" ? (await readBody(req)).toString("utf8") : url.search.slice(1);
  const params: Params = Object.fromEntries(new URLSearchParams(raw));
  const action = params.Action ?? "";
  const host = req.headers.host ?? "";
  let code: number | string = 0;
  let httpStatus = 200;
  let taken: ReturnType<Faults["take"]>;
  const log = (): void => {
    const seq = d.calls.add({ time: d.engine.now(), api: "2017", action, params, code, httpStatus });
    if (taken) taken.fired.seq = seq;
  };
  const answer = (body: Record<string, unknown>, status = 200): void => {
    httpStatus = status;
    sendJson(res, status, body);
  };
  const fail = (e: EmulatorError): void => {
    code = e.common;
    answer({ code: e.common, message: e.wireMessage(), codeDesc: e.codeDesc });
  };
  try {
    if (!d.limiter.allow()) throw common(4400, "RequestLimitExceeded", "request rate exceeds the limit");
    for (const name of ["Action", "SecretId", "Signature", "Timestamp", "Nonce"])
      if (!params[name]) throw common(4000, "InvalidParameter", `${name} is missing`);
    if (!/^\d+$/.test(params.Timestamp ?? "")) throw common(4000, "InvalidParameter", "Timestamp must be an integer");
    if (params.SecretId !== d.secretId) throw common(4104, "SecretIdNotFound", "SecretId does not exist");
    if (!verify2017(method, host, url.pathname, params, d.secretKey))
      throw common(4100, "AuthFailure", "signature verification failed");
    const replay = d.replay.check(params.SecretId ?? "", Number(params.Timestamp), params.Nonce ?? "");
    if (replay !== undefined) throw common(4500, "ReplayAttack", replay);
    const handler = ACTIONS_2017[action];
    if (!handler) throw common(4000, "InvalidAction", `Action ${action} is not supported`);
    checkDocumentedParams(action, params);
    taken = d.faults.take(action, d.engine.now());
    const fault = taken?.fault;
    const before = await applyBefore(fault, req, res);
    if (before.kind === "answered") {
      code = before.httpStatus === 500 ? 6000 : -1;
      httpStatus = before.httpStatus;
      return;
    }
    if (before.kind === "error") {
      if (before.fault === "code6000") throw common(6000, "InternalError", "(6000) server error (injected)");
      if (before.fault === "throttle4400")
        throw common(4400, "RequestLimitExceeded", "request quota exceeded (injected)");
      throw moduleError(10707, "the instance is locked (injected)");
    }
    const result = await d.serial.run(async () => {
      await d.engine.tick();
      try {
        return await handler(d.engine, params, { baseUrl: `http://${host}` });
      } finally {
        // Validation failures may still have touched nothing; committing either way keeps file == memory.
        d.engine.commit();
      }
    });
    const body = { code: STRING_CODE_ACTIONS.has(action) ? "0" : 0, message: "", codeDesc: "Success", ...result };
    const after = applyAfter(fault, req, res, body, false);
    if (after !== undefined) {
      httpStatus = after.httpStatus;
      if (after.code !== undefined) code = after.code;
      return;
    }
    answer(body);
  } catch (e) {
    if (e instanceof EmulatorError) fail(e);
    else {
      d.engine.opts.log(`internal error in ${action}: ${String(e)}`);
      fail(common(6000, "InternalError", `internal error: ${e instanceof Error ? e.message : String(e)}`));
    }
  } finally {
    log();
  }
}
