import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../emulator/index";

export const SECRET_ID = "AKIDe2eTestSecretId0001";
export const SECRET_KEY = "e2e-secret-key-never-in-state-7f3a";

export interface EmulatorFixture {
  emu: RunningEmulator;
  dataDir: string;
  env: Record<string, string>;
  /** GET/POST a control under /_emulator/. */
  control<T>(pathname: string, method?: string, body?: unknown): Promise<T>;
  calls(): Promise<EmulatorCall[]>;
  clearCalls(): Promise<void>;
  /**
   * Changes the deal/task delays of orders and tasks placed from now on (POST /_emulator/delays); those already
   * placed keep theirs. Kept across `restart()`; `POST /_emulator/reset` goes back to the start-up delays.
   */
  delays(d: { dealDelayMs?: number; taskDelayMs?: number }): Promise<{ dealDelayMs: number; taskDelayMs: number }>;
  /**
   * Faults that fired (GET /_emulator/faults `fired`), including those of the emulator's runs before a `restart()`
   * (ids are unique across restarts).
   */
  firedFaults(): Promise<FiredFault[]>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface FiredFault {
  id: string;
  action: string;
  kind: string;
  time: number;
  seq?: number;
}

export interface EmulatorCall {
  seq: number;
  time: number;
  api: string;
  action: string;
  params: Record<string, unknown>;
  code: number | string;
  httpStatus: number;
}

/** GET/POST/DELETE a control under /_emulator/ of the emulator at `url`; a refused call throws with its answer. */
export function emulatorControl(url: string) {
  return async <T>(pathname: string, method = "GET", body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${pathname}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${pathname}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** Starts an emulator on a free port with its own data dir, and the env a Pulumi run needs to reach it. */
export async function startFixture(
  opts: { dealDelayMs?: number; taskDelayMs?: number; rateLimit?: number } = {},
): Promise<EmulatorFixture> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "crs-emu-"));
  const start = (port = 0) =>
    startEmulator({
      port,
      dataDir,
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      dealDelayMs: opts.dealDelayMs ?? 800,
      taskDelayMs: opts.taskDelayMs ?? 300,
      sqlserverInstances: [{ id: "mssql-e2e0001", dbNames: ["db1", "db2"] }],
      ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
      quiet: true,
    });
  let emu = await start();
  /** Delays set through `delays()`, applied again after a restart. */
  let setDelays: { dealDelayMs?: number; taskDelayMs?: number } = {};
  /** Faults that fired in the emulator's runs before the last restart. */
  let firedBefore: FiredFault[] = [];
  const firedNow = async () => (await fixture.control<{ fired: FiredFault[] }>("/_emulator/faults")).fired;
  const env = {
    TENCENTCLOUD_SECRET_ID: SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
    TENCENTCLOUD_REGION: "ap-guangzhou",
    TENCENTCLOUD_REDIS_ENDPOINT: emu.url,
  };
  const fixture: EmulatorFixture = {
    get emu() {
      return emu;
    },
    dataDir,
    env,
    control<T>(pathname: string, method = "GET", body?: unknown): Promise<T> {
      // The emulator's URL as it is now: a restart may move it.
      return emulatorControl(emu.url)<T>(pathname, method, body);
    },
    async calls() {
      return (await fixture.control<{ calls: EmulatorCall[] }>("/_emulator/calls")).calls;
    },
    async clearCalls() {
      await fixture.control("/_emulator/calls", "DELETE");
    },
    async delays(d) {
      setDelays = { ...setDelays, ...d };
      return fixture.control("/_emulator/delays", "POST", d);
    },
    async firedFaults() {
      return [...firedBefore, ...(await firedNow())];
    },
    async restart() {
      const port = emu.port;
      firedBefore = [...firedBefore, ...(await firedNow().catch(() => []))];
      await emu.stop();
      emu = await start(port);
      if (Object.keys(setDelays).length > 0) {
        // The first request after a restart may go out on a kept-alive socket of the stopped server ("other side
        // closed"); POST /delays is idempotent, so one retry is safe.
        const again = () => fixture.control("/_emulator/delays", "POST", setDelays);
        await again().catch(again);
      }
    },
    async stop() {
      await emu.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** Counts the emulator's calls by action. */
export function countByAction(calls: EmulatorCall[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.action] = (out[c.action] ?? 0) + 1;
  return out;
}

/**
 * Actions that only read: listings, and the price questions a preview asks (InquiryRedisPrice,
 * UpgradeRedisInquiryPrice). Anything else in a call log is a change.
 */
export const READ_ACTION = /^(Describe|Get|Inquiry)|InquiryPrice$/;

/** The changes in a call log, counted by action (every action that is not a READ_ACTION). */
export function writeCounts(calls: EmulatorCall[]): Record<string, number> {
  return Object.fromEntries(Object.entries(countByAction(calls)).filter(([a]) => !READ_ACTION.test(a)));
}

/** An instance as the emulator's state shows it (GET /_emulator/state): the fields the tests read. */
export interface EmulatorInstance {
  redisId: string;
  redisName: string;
  projectId: number;
  autoRenew: number;
  memSize: number;
  status: number;
  port: number;
  /** Epoch ms. */
  deadline: number;
}

/** The emulator's instances now. */
export async function emulatorInstances(fx: Pick<EmulatorFixture, "control">): Promise<EmulatorInstance[]> {
  return (await fx.control<{ instances: EmulatorInstance[] }>("/_emulator/state")).instances;
}
