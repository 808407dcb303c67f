import { randomInt } from "node:crypto";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { processClock } from "../clock";
import type { Settings } from "../config";
import { MODULE_CODE, parseJson, toNumber, validate } from "./answers";
import { isThrottled } from "./classify";
import { ResponseShapeError, ServiceError } from "./errors";
import { flatten, type ParamValue } from "./flatten";
import { type RequestRateLimiter, sharedRateLimiter } from "./rateLimit";
import { redactText, secretValues } from "./redact";
import { AT_MOST_ONCE_ACTIONS, DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from "./retry";
import { type Algorithm2017, sign2017 } from "./sign2017";
import { serviceFromHost, signTc3 } from "./signTc3";
import { send, type TransportTimeouts } from "./transport";
import { noteCall } from "./writeEpoch";

/** API 3.0 version of Redis. */
export const REDIS3_VERSION = "2018-04-12";
/** API 3.0 version of SQL Server. */
export const SQLSERVER3_VERSION = "2018-03-28";

/** Options of {@link CrsClient}. */
export interface CrsClientOptions {
  /** Credentials, region, endpoints (from `resolveSettings`). */
  settings: Settings;
  /** undici Dispatcher to use instead of the shared per-origin pools (tests). */
  dispatcher?: Dispatcher;
  /** Cancels every call of this client. */
  signal?: AbortSignal;
  /** Bound of one call, retries included (default 60 s). */
  deadlineMs?: number;
  /** Receives one redacted line per attempt outcome. */
  log?: (line: string) => void;
  /** 2017 signature method (default HmacSHA256). */
  algorithm?: Algorithm2017;
  /** 2017 HTTP method (default POST: keeps passwords out of URLs and proxy logs). */
  method?: "GET" | "POST";
  /**
   * Request rate shared by the process per endpoint and SecretId: at most this many requests in any second
   * (default 20), fewer for a while after a throttling answer.
   */
  rateLimitPerSecond?: number;
  /** Wall clock for Timestamp (ms since epoch). */
  now?: () => number;
  /** Retry policy overrides. */
  retry?: Partial<RetryPolicy>;
  /** Socket timeouts. */
  timeouts?: Partial<TransportTimeouts>;
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels this call. */
  signal?: AbortSignal;
}

/**
 * The typed client of the CRS APIs: signs, rate-limits, sends, retries and validates. Holds no credentials of its
 * own beyond the `settings` it is given; create one per operation.
 */
export class CrsClient {
  private readonly opts: CrsClientOptions;
  private readonly policy: RetryPolicy;

  /** @param opts - settings, dispatcher, signal, deadline, log, algorithm, method, rate limit, clock */
  constructor(opts: CrsClientOptions) {
    this.opts = opts;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  }

  /** The limiter of an endpoint and this client's SecretId, shared by the whole process. */
  private limiter(endpoint: string): RequestRateLimiter {
    return sharedRateLimiter(`${endpoint} ${this.opts.settings.credentials.secretId}`, this.opts.rateLimitPerSecond);
  }

  private nowSeconds(): number {
    return Math.floor((this.opts.now ?? Date.now)() / 1000);
  }

  private signalFor(deadlineAt: number, call?: CallOptions): AbortSignal {
    const signals = [AbortSignal.timeout(Math.max(1, Math.ceil(deadlineAt - processClock().now())))];
    if (this.opts.signal) signals.push(this.opts.signal);
    if (call?.signal) signals.push(call.signal);
    return AbortSignal.any(signals);
  }

  private async run<T>(
    endpoint: string,
    action: string,
    call: CallOptions | undefined,
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const deadlineAt = processClock().now() + (this.opts.deadlineMs ?? 60_000);
    const signal = this.signalFor(deadlineAt, call);
    const ended = noteCall(action);
    const limiter = this.limiter(endpoint);
    return withRetry(
      async () => {
        const release = await limiter.take(signal);
        let throttled = false;
        try {
          return await attempt(signal);
        } catch (err) {
          throttled = isThrottled(err);
          throw err;
        } finally {
          release(throttled);
          if (throttled) {
            this.opts.log?.(`[crs] ${action} throttled: now at most ${limiter.currentRate().toFixed(2)} requests/s`);
          }
        }
      },
      {
        action,
        purchase: AT_MOST_ONCE_ACTIONS.has(action),
        policy: this.policy,
        deadlineAt,
        signal,
        ...(this.opts.log ? { log: this.opts.log } : {}),
      },
    ).finally(ended);
  }

  /**
   * Calls a 2017 action (`/v2/index.php`). A fresh Nonce, Timestamp and signature are made for every attempt.
   * The actions of AT_MOST_ONCE_ACTIONS (purchases, backups, restore, export, clear) are retried only when the
   * request provably never left.
   * @param action - e.g. `DescribeRedis`
   * @param params - action parameters (arrays and objects are flattened to `a.0`, `a.b`)
   * @param schema - zod schema of the whole answer (envelope included); its output is returned
   * @param call - per-call signal
   */
  async call2017<T>(
    action: string,
    params: Record<string, ParamValue>,
    schema: z.ZodType<T>,
    call?: CallOptions,
  ): Promise<T> {
    const { settings } = this.opts;
    const url = new URL(settings.endpoints.crs2017);
    const method = this.opts.method ?? "POST";
    const algorithm = this.opts.algorithm ?? "HmacSHA256";
    const flat = flatten(params);
    const secrets = [...secretValues(flat), settings.credentials.secretKey];
    return this.run(settings.endpoints.crs2017, action, call, async (signal) => {
      const common: Record<string, string> = {
        Action: action,
        Region: settings.region,
        Timestamp: String(this.nowSeconds()),
        Nonce: String(randomInt(1, 2 ** 31 - 1)),
        SecretId: settings.credentials.secretId,
        SignatureMethod: algorithm,
      };
      if (settings.credentials.token !== undefined) common.Token = settings.credentials.token;
      const all = { ...flat, ...common };
      const Signature = sign2017({
        params: all,
        method,
        host: url.host,
        path: url.pathname,
        secretKey: settings.credentials.secretKey,
        algorithm,
      });
      const encoded = Object.entries({ ...all, Signature })
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join("&");
      const started = processClock().now();
      const res = await send({
        action,
        url: method === "GET" ? `${url.origin}${url.pathname}?${encoded}` : url.toString(),
        method,
        headers: method === "GET" ? {} : { "Content-Type": "application/x-www-form-urlencoded" },
        ...(method === "POST" ? { body: encoded } : {}),
        signal,
        ...(this.opts.dispatcher ? { dispatcher: this.opts.dispatcher } : {}),
        ...(this.opts.timeouts ? { timeouts: this.opts.timeouts } : {}),
      });
      this.opts.log?.(`[crs] ${action} HTTP ${res.status} in ${Math.round(processClock().now() - started)}ms`);
      const body = parseJson(action, res, secrets);
      const code = toNumber(body.code);
      if (code === undefined) {
        throw new ResponseShapeError({
          action,
          path: "code",
          detail: "missing or not a number",
          httpStatus: res.status,
        });
      }
      if (code !== 0) {
        const message = redactText(typeof body.message === "string" ? body.message : "", secrets);
        const m = MODULE_CODE.exec(message);
        const moduleCode = m ? Number(m[1]) : code >= 10000 ? code : undefined;
        throw new ServiceError({
          action,
          code,
          message,
          ...(typeof body.codeDesc === "string" ? { codeDesc: redactText(body.codeDesc, secrets) } : {}),
          ...(moduleCode !== undefined ? { moduleCode } : {}),
        });
      }
      return validate(action, schema, body, res.status, "");
    });
  }

  private async call3<T>(
    endpoint: string,
    product: string,
    version: string,
    action: string,
    params: Record<string, unknown>,
    schema: z.ZodType<T>,
    call?: CallOptions,
  ): Promise<T> {
    const { settings } = this.opts;
    const url = new URL(endpoint);
    const payload = JSON.stringify(params);
    const secrets = [...secretValues(params), settings.credentials.secretKey];
    return this.run(endpoint, action, call, async (signal) => {
      const headers = signTc3({
        secretId: settings.credentials.secretId,
        secretKey: settings.credentials.secretKey,
        host: url.host,
        service: serviceFromHost(url.host) ?? product,
        action,
        version,
        region: settings.region,
        payload,
        timestamp: this.nowSeconds(),
        ...(settings.credentials.token !== undefined ? { token: settings.credentials.token } : {}),
      });
      const started = processClock().now();
      const res = await send({
        action,
        url: url.toString(),
        method: "POST",
        headers,
        body: payload,
        signal,
        ...(this.opts.dispatcher ? { dispatcher: this.opts.dispatcher } : {}),
        ...(this.opts.timeouts ? { timeouts: this.opts.timeouts } : {}),
      });
      this.opts.log?.(`[crs] ${action} HTTP ${res.status} in ${Math.round(processClock().now() - started)}ms`);
      const body = parseJson(action, res, secrets);
      const response = body.Response;
      if (typeof response !== "object" || response === null) {
        throw new ResponseShapeError({ action, path: "Response", detail: "missing", httpStatus: res.status });
      }
      const r = response as Record<string, unknown>;
      const requestId = typeof r.RequestId === "string" ? r.RequestId : undefined;
      const error = r.Error as { Code?: unknown; Message?: unknown } | undefined;
      if (typeof error === "object" && error !== null) {
        throw new ServiceError({
          action,
          code: 0,
          errorCode: typeof error.Code === "string" ? error.Code : "UnknownError",
          message: redactText(typeof error.Message === "string" ? error.Message : "", secrets),
          ...(requestId !== undefined ? { requestId } : {}),
        });
      }
      return validate(action, schema, r, res.status, "Response");
    });
  }

  /**
   * Calls a Redis API 3.0 action (TC3-HMAC-SHA256, version 2018-04-12).
   * @param action - e.g. `DescribeInstanceBackups`
   * @param params - JSON body
   * @param schema - zod schema of `Response`
   * @param call - per-call signal
   */
  callRedis3<T>(action: string, params: Record<string, unknown>, schema: z.ZodType<T>, call?: CallOptions): Promise<T> {
    return this.call3(this.opts.settings.endpoints.redis3, "redis", REDIS3_VERSION, action, params, schema, call);
  }

  /**
   * Calls a SQL Server API 3.0 action (TC3-HMAC-SHA256, version 2018-03-28). CreateBackup makes a new backup per
   * call: like the other actions of AT_MOST_ONCE_ACTIONS, it is retried only when the request provably never left.
   * @param action - e.g. `CreateBackup`
   * @param params - JSON body
   * @param schema - zod schema of `Response`
   * @param call - per-call signal
   */
  callSqlserver3<T>(
    action: string,
    params: Record<string, unknown>,
    schema: z.ZodType<T>,
    call?: CallOptions,
  ): Promise<T> {
    return this.call3(
      this.opts.settings.endpoints.sqlserver3,
      "sqlserver",
      SQLSERVER3_VERSION,
      action,
      params,
      schema,
      call,
    );
  }
}
