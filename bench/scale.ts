import * as path from "node:path";
import { type StackRun, stackDir, stackOp } from "../test/e2e/cli";
import { type Poller, pollerEnv } from "./anchorStrategy";
import { type BenchEmulator, benchEmulator, type Call, countByAction, type Deal, overshootMs, REPO } from "./emulator";

const PROGRAM = path.join(REPO, "bench", "programs", "instances.ts");
const PASSWORD = "BenchPass01";

/** One `pulumi up` of many instances. */
export interface UpResult {
  poller: Poller;
  count: number;
  named: boolean;
  /** Whether an earlier `pulumi up` in the same directory had left wait history (see `warm` of upMany). */
  warm: boolean;
  dealDelayMs: number;
  ok: boolean;
  /** The whole `pulumi up` run, with the stack selection and config set before it. */
  wallMs: number;
  /** The update as the CLI reports it (`Duration:`), seconds. */
  cliDurationS: number | undefined;
  /** First API call to last, from the emulator's log: the provider's share of the wall time. */
  apiSpanMs: number;
  /** First CreateRedis to last accepted one: paced by the client's 20 requests/s. */
  createSpanMs: number;
  /** Last deal delivered (by the emulator's clock) to the first poll that saw it. */
  lastDealOvershootMs: number | undefined;
  apiCalls: number;
  byAction: Record<string, number>;
  answers4400: number;
  /** Errors that reached the user and mention throttling (resources that failed because of it). */
  throttlingErrorsSurfaced: number;
  error?: string;
}

/** One `pulumi refresh`. */
export interface RefreshResult {
  poller: Poller;
  count: number;
  parallel: number | "default (8)";
  ok: boolean;
  wallMs: number;
  describeRedisCalls: number;
  apiCalls: number;
  error?: string;
}

/** A user's project (outside the repo, the packed package installed), as the e2e tests use. */
function freshDir(name: string): string {
  return stackDir(`bench-${name}`);
}

function span(calls: readonly Call[]): number {
  if (calls.length === 0) return 0;
  return Math.max(...calls.map((c) => c.time)) - Math.min(...calls.map((c) => c.time));
}

/** `Duration: 1m5s` / `Duration: 56s` of the CLI's summary, in seconds. */
function cliDuration(stdout: string): number | undefined {
  const m = /Duration: (?:(\d+)m)?(\d+)s/.exec(stdout);
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : undefined;
}

function surfaced(output: string): number {
  // The CLI's diagnostics name each failed resource once, then its error; retried 4400s are only logged lines.
  const failed = new Set<string>();
  for (const m of output.matchAll(/Instance \(([^)]+)\):\n\s+error: [^\n]*(?:4400|RequestLimitExceeded)/g)) {
    failed.add(m[1] as string);
  }
  return failed.size;
}

/** How long after the last deal was delivered the first poll that saw it came (the tail of the whole update). */
function lastDealOvershoot(calls: readonly Call[], deals: readonly Deal[]): number | undefined {
  const last = deals.filter((d) => d.redisIds.length > 0).sort((a, b) => b.completeAt - a.completeAt)[0];
  return last ? overshootMs(calls, last) : undefined;
}

/**
 * The emulator of the many-instances ups: 10 s deals, 20 requests/s (every action together) before 4400. The plugin's
 * up (bench/plugin.ts) runs against the same, so its calls compare with the dynamic host's.
 */
export const UP_EMULATOR = { dealDelayMs: 10_000, rateLimit: 20 } as const;

/** What `upFigures` measures of one finished `pulumi up`. */
export type UpFigures = Omit<UpResult, "poller" | "count" | "named" | "warm" | "dealDelayMs">;

/**
 * The figures of one finished `pulumi up` from its output and the emulator's log (which must hold only this up's
 * calls): shared by the dynamic host's ups here and the plugin's (bench/plugin.ts), so both are counted alike.
 */
export async function upFigures(emu: BenchEmulator, run: StackRun, wallMs: number): Promise<UpFigures> {
  const calls = await emu.calls();
  const output = `${run.stdout}\n${run.stderr}`;
  const creates = calls.filter((c) => c.action === "CreateRedis" && Number(c.code) === 0);
  return {
    lastDealOvershootMs: lastDealOvershoot(calls, await emu.deals()),
    ok: run.code === 0,
    wallMs,
    cliDurationS: cliDuration(run.stdout),
    apiSpanMs: span(calls),
    createSpanMs: span(creates),
    apiCalls: calls.length,
    byAction: countByAction(calls),
    answers4400: calls.filter((c) => Number(c.code) === 4400).length,
    throttlingErrorsSurfaced: surfaced(output),
    ...(run.code === 0 ? {} : { error: output.slice(-2000) }),
  };
}

/**
 * `pulumi up --parallel <count>` of `count` instances against an emulator that answers 4400 beyond `rateLimit`
 * requests per second.
 */
export async function upMany(
  poller: Poller,
  opts: { count: number; named: boolean; dealDelayMs: number; rateLimit: number; warm?: boolean },
): Promise<UpResult> {
  const emu = await benchEmulator(`up-${poller}-${opts.count}`, {
    dealDelayMs: opts.dealDelayMs,
    rateLimit: opts.rateLimit,
  });
  try {
    const dir = freshDir(`up-${poller}-stack`);
    if (opts.warm) {
      // A user who ran `pulumi up` here before: a 3-instance stack in the same directory leaves its wait history.
      const warmup = await stackOp("up", {
        program: PROGRAM,
        dir,
        stack: "warmup",
        env: { ...emu.env, ...pollerEnv(poller) },
        config: { count: "3", named: "false" },
        secretConfig: { redisPassword: PASSWORD },
      });
      if (warmup.code !== 0) throw new Error(`warm-up up failed:\n${warmup.stdout.slice(-1500)}`);
      await emu.clearCalls();
    }
    const t0 = Date.now();
    const run = await stackOp("up", {
      program: PROGRAM,
      dir,
      env: { ...emu.env, ...pollerEnv(poller) },
      config: { count: String(opts.count), named: String(opts.named) },
      secretConfig: { redisPassword: PASSWORD },
      parallel: opts.count,
    });
    const wallMs = Date.now() - t0;
    return {
      poller,
      count: opts.count,
      named: opts.named,
      warm: opts.warm ?? false,
      dealDelayMs: opts.dealDelayMs,
      ...(await upFigures(emu, run, wallMs)),
    };
  } finally {
    await emu.stop();
  }
}

/**
 * Creates `count` instances once (project poller, no rate limit), then runs `pulumi refresh` with each poller, at
 * `--parallel <count>` and at the CLI's default parallelism, counting DescribeRedis calls.
 */
export async function refreshMany(count: number): Promise<RefreshResult[]> {
  const emu = await benchEmulator(`refresh-${count}`, { dealDelayMs: 300 });
  const results: RefreshResult[] = [];
  try {
    const dir = freshDir("refresh-stack");
    const up = await stackOp("up", {
      program: PROGRAM,
      dir,
      env: { ...emu.env, ...pollerEnv("adaptive") },
      config: { count: String(count), named: "false" },
      secretConfig: { redisPassword: PASSWORD },
      parallel: count,
    });
    if (up.code !== 0)
      throw new Error(`creating ${count} instances failed:\n${up.stdout.slice(-1500)}\n${up.stderr.slice(-1500)}`);
    const cases: [Poller, number | undefined][] = [
      ["adaptive", count],
      ["anchor", count],
      ["adaptive", undefined],
      ["anchor", undefined],
    ];
    for (const [poller, parallel] of cases) {
      await emu.clearCalls();
      const t0 = Date.now();
      const run = await stackOp("refresh", {
        program: PROGRAM,
        dir,
        env: { ...emu.env, ...pollerEnv(poller) },
        config: { count: String(count), named: "false" },
        secretConfig: { redisPassword: PASSWORD },
        ...(parallel ? { parallel } : {}),
      });
      const wallMs = Date.now() - t0;
      const calls = await emu.calls();
      results.push({
        poller,
        count,
        parallel: parallel ?? "default (8)",
        ok: run.code === 0,
        wallMs,
        describeRedisCalls: calls.filter((c) => c.action === "DescribeRedis").length,
        apiCalls: calls.length,
        ...(run.code === 0 ? {} : { error: (run.stdout + run.stderr).slice(-1500) }),
      });
    }
  } finally {
    await emu.stop();
  }
  return results;
}
