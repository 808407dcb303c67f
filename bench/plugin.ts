/**
 * The provider plugin (`pulumi-resource-tencentcloud-redis`, installed from its tarball) measured against its floors:
 * - preview: an unchanged stack of `count` instances through the plugin against the same YAML program with `count`
 *   resources of a trivial Node plugin (bench/trivialPlugin/), in interleaved pairs after one excluded warm-up
 *   preview of each; the emulator counts the previews' API calls (none are needed: nothing changed).
 * - up: `pulumi up --parallel <count>` of `count` instances through the plugin, against the emulator settings of the
 *   dynamic host's ups (scale.ts UP_EMULATOR), counted the same way (scale.ts upFigures); run.ts sets the dynamic
 *   host's up of the same run beside it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type PulumiRun, pulumiSync, startPulumi } from "../test/userProject/project";
import { type BenchEmulator, benchEmulator, median, REPO } from "./emulator";
import {
  PLUGIN_TYPE,
  pluginHome,
  pluginTarball,
  TRIVIAL_TYPE,
  trivialTarball,
  type YamlBenchProject,
  yamlBenchProject,
  yamlProgram,
} from "./pluginSetup";
import { UP_EMULATOR, type UpResult, upFigures } from "./scale";

const PASSWORD = "BenchPass01";
const STACK = "dev";

export interface PluginResult {
  count: number;
  pairs: number;
  /** Wall time of each counted preview, ms, in run order (the two stacks interleaved). */
  pluginPreviewMs: number[];
  trivialPreviewMs: number[];
  /** The first preview of each stack after its up, run before the pairs and not counted. */
  warmupMs: { plugin: number; trivial: number } | undefined;
  /** median(plugin) / median(trivial plugin): what this provider adds to any Node plugin's cost. */
  ratio: number;
  /** API calls of every preview of the plugin's stack, the warm-up included. */
  previewApiCalls: number;
  /** The plugin's `pulumi up` of `count` instances (poller: the project's; a new folder, so no wait history). */
  up: UpResult | undefined;
  /** The dynamic host's up of the same run with the same settings (run.ts sets it). */
  dynamicUp: UpResult | undefined;
  /** Building both tarballs and installing them into a fresh PULUMI_HOME, s. */
  setupS: number;
  /** The whole plugin part (setup, both ups, every preview), s. */
  durationS: number;
  /** The machine's 1-minute load average when the part started and ended: other work on it slows previews. */
  loadAvg: [number, number];
  ok: boolean;
  error?: string;
}

/** `pulumi <args>` on a stack of the project, to its end. */
function run(p: YamlBenchProject, env: Record<string, string>, args: string[]): Promise<PulumiRun> {
  return startPulumi(p, [...args, "--stack", STACK, "--non-interactive", "--color", "never"], env).done;
}

function output(r: PulumiRun): string {
  return `${r.stdout}\n${r.stderr}`.slice(-2000);
}

/** Creates the stack with its secret password (config set-all: the value lands encrypted). */
function initStack(p: YamlBenchProject, env: Record<string, string>): void {
  pulumiSync(p, ["stack", "init", STACK, "--non-interactive"], env);
  pulumiSync(p, ["config", "set-all", "--stack", STACK, "--secret", `redisPassword=${PASSWORD}`], env);
}

/** See the file's comment. `count` instances, `pairs` counted previews of each stack. */
export async function pluginBench(count: number, pairs: number): Promise<PluginResult> {
  const started = Date.now();
  const result: PluginResult = {
    count,
    pairs,
    pluginPreviewMs: [],
    trivialPreviewMs: [],
    warmupMs: undefined,
    ratio: Number.NaN,
    previewApiCalls: -1,
    up: undefined,
    dynamicUp: undefined,
    setupS: Number.NaN,
    durationS: Number.NaN,
    loadAvg: [os.loadavg()[0] ?? Number.NaN, Number.NaN],
    ok: false,
  };
  let emu: BenchEmulator | undefined;
  try {
    const work = path.join(REPO, ".work", "bench", `plugin-${process.pid}-${Date.now().toString(36)}`);
    fs.mkdirSync(work, { recursive: true });
    const home = pluginHome(pluginTarball(work), trivialTarball(work));
    result.setupS = (Date.now() - started) / 1000;
    emu = await benchEmulator(`plugin-up-${count}`, UP_EMULATOR);
    // The same environment for both stacks: the plugins' home and the emulator's endpoint and credentials.
    // Both launchers run the `node` on PATH: the bench's own first (the plugin needs Node >= 22; a shell's may be older).
    const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`;
    const env = { PULUMI_HOME: home, PATH, ...emu.env };
    const instances = yamlBenchProject("plugin-instances", yamlProgram(PLUGIN_TYPE, count), home);
    const trivials = yamlBenchProject("plugin-trivials", yamlProgram(TRIVIAL_TYPE, count), home);
    initStack(instances, env);
    initStack(trivials, env);

    const t0 = Date.now();
    const up = await run(instances, env, ["up", "--yes", "--skip-preview", "--parallel", String(count)]);
    const wallMs = Date.now() - t0;
    result.up = {
      poller: "adaptive",
      count,
      named: false,
      warm: false,
      dealDelayMs: UP_EMULATOR.dealDelayMs,
      ...(await upFigures(emu, up, wallMs)),
    };
    if (up.code !== 0) throw new Error(`the plugin's up failed:\n${output(up)}`);
    const trivialUp = await run(trivials, env, ["up", "--yes", "--skip-preview", "--parallel", String(count)]);
    if (trivialUp.code !== 0) throw new Error(`the trivial plugin's up failed:\n${output(trivialUp)}`);

    await emu.clearCalls();
    const preview = async (p: YamlBenchProject): Promise<number> => {
      const t = Date.now();
      const r = await run(p, env, ["preview"]);
      const ms = Date.now() - t;
      if (r.code !== 0) throw new Error(`preview failed:\n${output(r)}`);
      if (/to (create|update|replace|delete)\b/.test(r.stdout)) throw new Error(`not unchanged:\n${r.stdout}`);
      return ms;
    };
    // The first preview of each pays for what the later ones find warm (the OS's file cache of the plugin's files).
    result.warmupMs = { plugin: await preview(instances), trivial: await preview(trivials) };
    for (let i = 0; i < pairs; i++) {
      // Which goes first alternates, so neither always runs right after the other's plugin processes exit.
      const order = i % 2 === 0 ? ([instances, trivials] as const) : ([trivials, instances] as const);
      for (const p of order) {
        const ms = await preview(p);
        (p === instances ? result.pluginPreviewMs : result.trivialPreviewMs).push(ms);
      }
    }
    result.previewApiCalls = (await emu.calls()).length;
    result.ratio = (median(result.pluginPreviewMs) ?? Number.NaN) / (median(result.trivialPreviewMs) ?? Number.NaN);
    result.ok = true;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    await emu?.stop();
    result.durationS = (Date.now() - started) / 1000;
    result.loadAvg[1] = os.loadavg()[0] ?? Number.NaN;
  }
  return result;
}
