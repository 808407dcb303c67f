import * as path from "node:path";
import { stackDir, stackOp } from "../test/e2e/cli";
import { benchEmulator, median, REPO } from "./emulator";

const INSTANCES = path.join(REPO, "bench", "programs", "instances.ts");
const TRIVIALS = path.join(REPO, "bench", "programs", "trivials.ts");
const PASSWORD = "BenchPass01";

/** `pulumi preview` of an unchanged stack of instances against the same number of trivial dynamic resources. */
export interface PreviewResult {
  count: number;
  pairs: number;
  /** Wall time of each preview, ms, in run order (the two kinds interleaved). */
  instanceWallMs: number[];
  trivialWallMs: number[];
  /** median(instance) / median(trivial): what the provider adds to the engine's own floor. */
  ratio: number;
  /** API calls of all the previews of the instance stack (none are needed: nothing changed). */
  previewApiCalls: number;
  /** DescribeRedis calls of one no-op `pulumi up` (its preview included) of the instance stack. */
  noopUpDescribeRedis: number;
  noopUpApiCalls: number;
  ok: boolean;
  error?: string;
}

/**
 * Creates both stacks once, then runs `pairs` interleaved previews of each (so both see the same machine load), and
 * one no-op `pulumi up` of the instance stack with the emulator counting its calls.
 */
export async function previewMany(count: number, pairs: number): Promise<PreviewResult> {
  const emu = await benchEmulator(`preview-${count}`, { dealDelayMs: 300 });
  const instances = {
    program: INSTANCES,
    dir: stackDir("bench-preview-instances"),
    env: emu.env,
    config: { count: String(count), named: "false" },
    secretConfig: { redisPassword: PASSWORD },
  };
  const trivials = { program: TRIVIALS, dir: stackDir("bench-preview-trivials"), config: { count: String(count) } };
  const result: PreviewResult = {
    count,
    pairs,
    instanceWallMs: [],
    trivialWallMs: [],
    ratio: Number.NaN,
    previewApiCalls: 0,
    noopUpDescribeRedis: -1,
    noopUpApiCalls: -1,
    ok: false,
  };
  try {
    for (const [label, o] of [
      ["instances", { ...instances, parallel: count }],
      ["trivials", trivials],
    ] as const) {
      const up = await stackOp("up", o);
      if (up.code !== 0)
        throw new Error(`creating the ${label} stack failed:\n${(up.stdout + up.stderr).slice(-1500)}`);
    }
    await emu.clearCalls();
    for (let i = 0; i < pairs; i++) {
      for (const [o, into] of [
        [instances, result.instanceWallMs],
        [trivials, result.trivialWallMs],
      ] as const) {
        const t0 = Date.now();
        const run = await stackOp("preview", o);
        into.push(Date.now() - t0);
        if (run.code !== 0) throw new Error(`preview failed:\n${(run.stdout + run.stderr).slice(-1500)}`);
        if (/to (create|update|replace|delete)\b/.test(run.stdout)) throw new Error(`not unchanged:\n${run.stdout}`);
      }
    }
    result.previewApiCalls = (await emu.calls()).length;
    await emu.clearCalls();
    const noop = await stackOp("up", instances);
    if (noop.code !== 0) throw new Error(`no-op up failed:\n${(noop.stdout + noop.stderr).slice(-1500)}`);
    const calls = await emu.calls();
    result.noopUpApiCalls = calls.length;
    result.noopUpDescribeRedis = calls.filter((c) => c.action === "DescribeRedis").length;
    result.ratio = (median(result.instanceWallMs) ?? Number.NaN) / (median(result.trivialWallMs) ?? Number.NaN);
    result.ok = true;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    await emu.stop();
  }
  return result;
}
