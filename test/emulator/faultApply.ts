import type { IncomingMessage, ServerResponse } from "node:http";
import type { Fault } from "./faults";
import { delay } from "./httpUtil";

/**
 * What an injected fault does before the action runs. `answered`: the fault wrote (or cut) the answer itself and the
 * route must stop; `error`: the route answers with its own error shape for that kind; `proceed`: run the action.
 * @internal
 */
export type BeforeOutcome =
  | { kind: "proceed" }
  | { kind: "answered"; httpStatus: number }
  | { kind: "error"; fault: "code6000" | "throttle4400" | "locked10707" };

/** The HTML page a load balancer serves when the service behind it is down. */
const GATEWAY_PAGE =
  "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>" +
  "<hr><center>stgw</center></body></html>";

/**
 * Applies the part of a fault that happens before the action: latency, a reset socket, an HTTP 500, a gateway's
 * HTML page or empty body, or an error code. Both API routes (2017 and 3.0) share it, so a kind behaves the same
 * on either.
 * @internal
 */
export async function applyBefore(
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<BeforeOutcome> {
  if (!fault) return { kind: "proceed" };
  switch (fault.kind) {
    case "latency":
      await delay(fault.latencyMs);
      return { kind: "proceed" };
    case "reset":
      req.socket.destroy();
      return { kind: "answered", httpStatus: 0 };
    case "http500":
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("500 Internal Server Error");
      return { kind: "answered", httpStatus: 500 };
    case "html":
      // Served with 200, as captive portals and some proxies do: the status alone does not reveal it.
      res.writeHead(200, { "content-type": "text/html" });
      res.end(GATEWAY_PAGE);
      return { kind: "answered", httpStatus: 200 };
    case "empty":
      res.writeHead(200, { "content-type": "application/json", "content-length": "0" });
      res.end();
      return { kind: "answered", httpStatus: 200 };
    case "code6000":
    case "throttle4400":
    case "locked10707":
      return { kind: "error", fault: fault.kind };
    default:
      return { kind: "proceed" };
  }
}

/** Replaces a value by one of another JSON type: number → string, string → object, object/array → string. */
function wrongType(v: unknown): unknown {
  if (typeof v === "number") return "not-a-number";
  if (typeof v === "string") return { unexpected: true };
  if (typeof v === "boolean") return "yes";
  if (v === null) return 17;
  return "unexpected-text";
}

/** Mutates the data keys of an answer (the envelope keys stay valid, so the client gets past them). */
function mutate(data: Record<string, unknown>, envelope: ReadonlySet<string>, kind: "wrongTypes" | "missingField") {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (envelope.has(k)) out[k] = v;
    else if (kind === "wrongTypes") out[k] = wrongType(v);
    // missingField: every data key is dropped; the documented answer without its payload.
  }
  return out;
}

const ENVELOPE_2017: ReadonlySet<string> = new Set(["code", "message", "codeDesc"]);
const ENVELOPE_3: ReadonlySet<string> = new Set(["RequestId"]);

/** What an after-commit fault sent: the HTTP status (0: none), and the error code the call log records, if any. */
export interface AfterOutcome {
  httpStatus: number;
  code?: number | string;
}

/**
 * Applies the part of a fault that happens after the action committed: the answer is dropped, cut short, mangled,
 * or replaced by the server error. Returns what was sent, or undefined when the route should answer normally.
 * `answer` is the whole body the route would send; `api3` says where the data lives (`Response`).
 * @internal
 */
export function applyAfter(
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  answer: Record<string, unknown>,
  api3: boolean,
): AfterOutcome | undefined {
  if (!fault) return undefined;
  const send = (text: string): AfterOutcome => {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.end(text);
    return { httpStatus: 200 };
  };
  switch (fault.kind) {
    case "dropAfterCommit":
      req.socket.destroy();
      return { httpStatus: 0 };
    case "code6000AfterCommit": {
      // The same shapes as the before-the-action code6000 (api2017Route, api3Route), the RequestId kept.
      if (!api3) {
        send(
          JSON.stringify({
            code: 6000,
            message: "(6000) server error (injected after commit)",
            codeDesc: "InternalError",
          }),
        );
        return { httpStatus: 200, code: 6000 };
      }
      const requestId = ((answer.Response ?? {}) as Record<string, unknown>).RequestId;
      send(
        JSON.stringify({
          Response: {
            Error: { Code: "InternalError", Message: "server error (injected after commit)" },
            RequestId: requestId,
          },
        }),
      );
      return { httpStatus: 200, code: "InternalError" };
    }
    case "truncated": {
      const text = JSON.stringify(answer);
      return send(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    case "wrongTypes":
    case "missingField": {
      if (!api3) return send(JSON.stringify(mutate(answer, ENVELOPE_2017, fault.kind)));
      const inner = (answer.Response ?? {}) as Record<string, unknown>;
      return send(JSON.stringify({ Response: mutate(inner, ENVELOPE_3, fault.kind) }));
    }
    default:
      return undefined;
  }
}
