import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Sign from "tencentcloud-sdk-nodejs-common/tencentcloud/common/sign";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator/index";

/** The emulator's credentials in these tests. */
export const SECRET_ID = "AKIDtestEmulator";
export const SECRET_KEY = "test-secret-key-123";

/** Client of 2017 signing, independent of the emulator: the QcloudApi SDK of that era (qcloudapi-sdk). */
interface QcloudApiLike {
  generateQueryString(data: Record<string, unknown>, opts: Record<string, unknown>): string;
}
const QcloudApi = require("qcloudapi-sdk") as new (defaults: Record<string, unknown>) => QcloudApiLike;

export interface TestEmulator {
  emu: RunningEmulator;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts an emulator on port 0 with a temp data dir. */
export async function startTestEmulator(extra: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const dataDir = extra.dataDir ?? mkdtempSync(join(tmpdir(), "crs-emu-"));
  const emu = await startEmulator({
    port: 0,
    dataDir,
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    dealDelayMs: 400,
    taskDelayMs: 200,
    quiet: true,
    sqlserverInstances: [{ id: "mssql-test1", dbNames: ["db1", "db2"] }],
    ...extra,
  });
  return {
    emu,
    dataDir,
    async stop() {
      await emu.stop();
      if (!extra.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CallOptions {
  method?: "GET" | "POST";
  sha256?: boolean;
  secretId?: string;
  secretKey?: string;
  /** Overrides signature-relevant common params (Nonce, Timestamp). */
  common?: Record<string, string | number>;
}

/** An answer of the 2017 API. */
export type V2Answer = { code: number | string; message: string; codeDesc?: string } & Record<string, unknown>;

/** Last Nonce handed out (starts at a random point, so two test processes rarely share a sequence). */
let lastNonce = Math.floor(Math.random() * 1_000_000_000);

/**
 * Builds the signed query/body of a 2017 call with qcloudapi-sdk. Each call gets its own Nonce: the SDK draws one
 * from 0-65535, and a test that polls 20 times a second meets a repeat within the same Timestamp now and then, which
 * the emulator rightly answers with 4500 (replay).
 */
export function signed2017(
  emu: RunningEmulator,
  action: string,
  params: Record<string, unknown>,
  o: CallOptions = {},
): string {
  const method = o.method ?? "GET";
  const api = new QcloudApi({ SecretId: o.secretId ?? SECRET_ID, SecretKey: o.secretKey ?? SECRET_KEY, Region: "gz" });
  return api.generateQueryString(
    { Action: action, Nonce: ++lastNonce, ...o.common, ...params },
    {
      host: `127.0.0.1:${emu.port}`,
      path: "/v2/index.php",
      method,
      signatureMethod: o.sha256 ? "sha256" : "sha1",
      SecretId: o.secretId ?? SECRET_ID,
      SecretKey: o.secretKey ?? SECRET_KEY,
    },
  );
}

/** Calls a 2017 action signed by qcloudapi-sdk; resolves with the JSON answer. */
export async function call2017(
  emu: RunningEmulator,
  action: string,
  params: Record<string, unknown> = {},
  o: CallOptions = {},
): Promise<V2Answer> {
  const qs = signed2017(emu, action, params, o);
  const res =
    (o.method ?? "GET") === "GET"
      ? await fetch(`${emu.url}/v2/index.php?${qs}`)
      : await fetch(`${emu.url}/v2/index.php`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: qs,
        });
  return (await res.json()) as V2Answer;
}

/** Calls an API 3.0 action signed with the official SDK's TC3 signer (tencentcloud-sdk-nodejs-common). */
export async function call3(
  emu: RunningEmulator,
  product: "redis" | "sqlserver",
  action: string,
  body: Record<string, unknown>,
  o: { secretKey?: string; editSignature?: (sig: string) => string } = {},
): Promise<Record<string, unknown>> {
  const version = product === "redis" ? "2018-04-12" : "2018-03-28";
  const timestamp = Math.floor(Date.now() / 1000);
  const url = `${emu.url}/`;
  const headers = { "Content-Type": "application/json" };
  // sign3 returns the whole Authorization header value.
  const signed = Sign.sign3({
    method: "POST",
    url,
    payload: body,
    timestamp,
    service: product,
    secretId: SECRET_ID,
    secretKey: o.secretKey ?? SECRET_KEY,
    multipart: false,
    boundary: "",
    headers,
  });
  const edit = o.editSignature;
  const authorization = edit
    ? signed.replace(/Signature=([0-9a-f]+)$/, (_m, sig: string) => `Signature=${edit(sig)}`)
    : signed;
  const res = await fetch(url, {
    method: "POST",
    headers: {
      ...headers,
      "X-TC-Action": action,
      "X-TC-Version": version,
      "X-TC-Timestamp": String(timestamp),
      "X-TC-Region": "ap-guangzhou",
      Authorization: authorization,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { Response: Record<string, unknown> };
  return json.Response;
}

/** Polls `fn` until it returns a value other than undefined (condition waiting, not a fixed sleep). */
export async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const run = promisify(execFile);

/** Runs redis-cli against 127.0.0.1:port with a password; resolves with trimmed stdout (errors included). */
export async function redisCli(port: number, password: string, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", [
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    "--no-auth-warning",
    "-a",
    password,
    ...args,
  ]);
  return stdout.trim();
}

/** GET/POST/DELETE a control endpoint. */
export async function control(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${emu.url}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

export const PASSWORD = "Passw0rd1234";

/** Creates one standalone instance and waits for its deal to be delivered; returns redisId and port. */
export async function createInstance(
  emu: RunningEmulator,
  extra: Record<string, unknown> = {},
): Promise<{ redisId: string; port: number; dealId: string }> {
  const created = await call2017(emu, "CreateRedis", {
    zoneId: 100002,
    typeId: 2,
    memSize: 1024,
    goodsNum: 1,
    period: 1,
    password: PASSWORD,
    ...extra,
  });
  if (String(created.code) !== "0") throw new Error(`CreateRedis failed: ${JSON.stringify(created)}`);
  const dealId = (created.data as { dealId: string }).dealId;
  const redisId = await waitFor(async () => {
    const r = await call2017(emu, "DescribeRedisDealDetail", { "dealIds.0": dealId });
    const d = (r.dealDetails as { status: number; goodsDetail: { redisIds: string[] } }[])[0];
    return d?.status === 4 ? d.goodsDetail.redisIds[0] : undefined;
  });
  const port = await describePort(emu, redisId);
  return { redisId, port, dealId };
}

/** One DescribeRedis row of an instance. */
export async function describeOne(emu: RunningEmulator, redisId: string): Promise<Record<string, unknown>> {
  const r = await call2017(emu, "DescribeRedis", { limit: 10, offset: 0, redisId });
  const row = (r.data as { redisSet: Record<string, unknown>[] }).redisSet[0];
  if (!row) throw new Error(`no instance ${redisId}`);
  return row;
}

async function describePort(emu: RunningEmulator, redisId: string): Promise<number> {
  return Number((await describeOne(emu, redisId)).port);
}

/** Waits for a task to reach a final status; returns it. */
export async function waitTask(emu: RunningEmulator, requestId: number): Promise<number> {
  return waitFor(async () => {
    const r = await call2017(emu, "DescribeTaskInfo", { requestId });
    const s = (r.data as { status: number } | undefined)?.status;
    return s === 2 || s === 3 || s === -1 ? s : undefined;
  });
}
