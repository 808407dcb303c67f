// First: an old Node is refused with a clear message before undici loads (requireNode.ts).
import "./requireNode";
import { type Dispatcher, Pool, request } from "undici";
import { processScoped } from "../processState";
import { isNotSentNetworkCode } from "./classify";
import { TransportError } from "./errors";

/** Socket timeouts in milliseconds. */
export interface TransportTimeouts {
  /** TCP/TLS connect. */
  connectMs: number;
  /** From sending the request to the response headers. */
  headersMs: number;
  /** Between body chunks. */
  bodyMs: number;
}

/** Defaults: the CRS API answers in well under a second; a stuck socket should not hold a deploy for minutes. */
export const DEFAULT_TIMEOUTS: Readonly<TransportTimeouts> = Object.freeze({
  connectMs: 10_000,
  headersMs: 30_000,
  bodyMs: 30_000,
});

/** Environment variable bounding the wait for an answer (headers and body), in ms: for tests and slow links. */
export const HTTP_TIMEOUT_ENV = "TENCENTCLOUD_REDIS_HTTP_TIMEOUT_MS";

/**
 * Timeouts set by {@link HTTP_TIMEOUT_ENV}, read per request (never captured, so a dynamic provider picks up the
 * value of the process it runs in). An unset or invalid value sets nothing.
 * @internal
 */
export function timeoutsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<TransportTimeouts> {
  const ms = Number(env[HTTP_TIMEOUT_ENV]);
  return Number.isFinite(ms) && ms > 0 ? { headersMs: ms, bodyMs: ms } : {};
}

/** One HTTP exchange. */
export interface HttpRequest {
  /** Action, for error messages. */
  action: string;
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Overrides the shared per-origin pool (tests). */
  dispatcher?: Dispatcher;
  timeouts?: Partial<TransportTimeouts>;
}

/** The answer, fully read. */
export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}

// Pools are process state (see processState), created on first use: a dynamic provider serializes the module scope
// it captures, and a live Pool there would fail to serialize (or leak sockets into the state).
const pools = (): Map<string, Pool> => processScoped("api.pools", () => new Map());

/**
 * The keep-alive pool of an origin, created on first use and shared by all clients of the process.
 * @param origin - scheme://host[:port]
 * @param connectMs - connect timeout for a new pool
 * @internal
 */
export function getPool(origin: string, connectMs: number = DEFAULT_TIMEOUTS.connectMs): Pool {
  let pool = pools().get(origin);
  if (pool === undefined) {
    pool = new Pool(origin, { connect: { timeout: connectMs }, keepAliveTimeout: 4_000, connections: 16 });
    pools().set(origin, pool);
  }
  return pool;
}

/**
 * Closes every shared pool (end of a test file, or a CLI tool that wants to exit promptly).
 * @internal
 */
export async function closePools(): Promise<void> {
  const open = [...pools().values()];
  pools().clear();
  await Promise.all(open.map((p) => p.close()));
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // Happy-eyeballs connects report an AggregateError; its members carry the codes.
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return errorCode(inner[0]);
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err ? errorCode(cause) : undefined;
}

/**
 * Sends one request and reads the whole body. Network failures become {@link TransportError} with `notSent` set
 * only when the connection was never made.
 * @param req - url, method, headers, body, signal, dispatcher, timeouts
 */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  const t = { ...DEFAULT_TIMEOUTS, ...timeoutsFromEnv(), ...req.timeouts };
  const url = new URL(req.url);
  const dispatcher = req.dispatcher ?? getPool(url.origin, t.connectMs);
  // undici derives Host from the URL; the signed value is the same string.
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.toLowerCase() !== "host"));
  try {
    const res = await request(url, {
      dispatcher,
      method: req.method,
      headers,
      body: req.body,
      signal: req.signal,
      headersTimeout: t.headersMs,
      bodyTimeout: t.bodyMs,
    });
    const body = await res.body.text();
    const ct = res.headers["content-type"];
    return { status: res.statusCode, contentType: Array.isArray(ct) ? (ct[0] ?? "") : (ct ?? ""), body };
  } catch (cause) {
    const code = errorCode(cause);
    const aborted = req.signal?.aborted === true;
    throw new TransportError({
      action: req.action,
      ...(code !== undefined ? { code } : {}),
      notSent: !aborted && isNotSentNetworkCode(code),
      aborted,
      cause,
    });
  }
}
