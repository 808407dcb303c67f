import * as fs from "node:fs";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../test/emulator/index";

/** Credentials of the bench's emulators (test values, not secrets of any account). */
export const SECRET_ID = "AKIDbenchSecretId000001";
const SECRET_KEY = "bench-secret-key-0001";

/** The repo root: stacks and data dirs live under it so programs resolve this package. */
export const REPO = path.resolve(__dirname, "..");

/** One logged API call of the emulator (`/_emulator/calls`). */
export interface Call {
  time: number;
  action: string;
  params: Record<string, unknown>;
  code: number | string;
}

/** A deal as `/_emulator/state` reports it. */
export interface Deal {
  dealId: string;
  createTime: number;
  completeAt: number;
  endTime: number | null;
  redisIds: string[];
}

/** A running bench emulator and the env a provider needs to reach it. */
export interface BenchEmulator {
  url: string;
  /** The emulator's data dir (`.work/bench/<run>/emulator`). */
  dataDir: string;
  env: Record<string, string>;
  calls(): Promise<Call[]>;
  clearCalls(): Promise<void>;
  deals(): Promise<Deal[]>;
  stop(): Promise<void>;
}

/**
 * Starts an emulator on a free port with a fresh data dir under `.work/bench`.
 * @param name - names the data dir
 * @param opts - deal delay, task delay, rate limit (requests/s before 4400)
 */
export async function benchEmulator(
  name: string,
  opts: { dealDelayMs: number; taskDelayMs?: number; rateLimit?: number },
): Promise<BenchEmulator> {
  const dataDir = path.join(REPO, ".work", "bench", `${name}-${process.pid}-${Date.now().toString(36)}`, "emulator");
  fs.mkdirSync(dataDir, { recursive: true });
  const emu: RunningEmulator = await startEmulator({
    port: 0,
    dataDir,
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    dealDelayMs: opts.dealDelayMs,
    taskDelayMs: opts.taskDelayMs ?? 300,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    quiet: true,
  });
  const control = async <T>(pathname: string, method = "GET"): Promise<T> => {
    const res = await fetch(`${emu.url}${pathname}`, { method });
    if (!res.ok) throw new Error(`${method} ${pathname}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    url: emu.url,
    dataDir,
    env: {
      TENCENTCLOUD_SECRET_ID: SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TENCENTCLOUD_REDIS_ENDPOINT: emu.url,
    },
    calls: async () => (await control<{ calls: Call[] }>("/_emulator/calls")).calls,
    clearCalls: async () => {
      await control("/_emulator/calls", "DELETE");
    },
    deals: async () => (await control<{ deals: Deal[] }>("/_emulator/state")).deals,
    stop: () => emu.stop(),
  };
}

/** Calls per action. */
export function countByAction(calls: readonly Call[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.action] = (out[c.action] ?? 0) + 1;
  return out;
}

/** DescribeRedisDealDetail calls that asked about `dealId`. */
export function dealPolls(calls: readonly Call[], dealId: string): Call[] {
  return calls.filter(
    (c) =>
      c.action === "DescribeRedisDealDetail" &&
      Object.entries(c.params).some(([k, v]) => k.startsWith("dealIds.") && String(v) === dealId),
  );
}

/**
 * How late the first poll that saw the deal delivered came, after the deal's completion time: the emulator applies a
 * deal at `completeAt` (its tick, or the next request's), so the first successful poll logged at or after the time it
 * was applied (`endTime`) is the one that saw status 4.
 */
export function overshootMs(calls: readonly Call[], deal: Deal): number | undefined {
  const applied = deal.endTime ?? deal.completeAt;
  const seen = dealPolls(calls, deal.dealId).find((c) => Number(c.code) === 0 && c.time >= applied);
  return seen === undefined ? undefined : seen.time - deal.completeAt;
}

/** Median of numbers (undefined for none). */
export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
