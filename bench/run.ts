/**
 * `npm run bench`: the project's poller against the anchor baseline, in one run, against emulators started here
 * (data under .work/bench, free ports). Prints a markdown table and writes it to bench/results.md (and the raw
 * figures to .work/bench/results.json). Not a timed test: figures depend on the machine; it says which.
 *
 * Environment: the Pulumi CLI and nodejs language host on PATH (or as the toolchain built them in
 * ~/.cache/pulumi-tencentcloud-redis/pulumi-v…/bin), and
 * redis-server. BENCH_QUICK=1 runs a smaller version (for trying the bench itself).
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { INSTALLED_ENV, installedPackage } from "../test/userProject/installedPackage";
import type { Poller } from "./anchorStrategy";
import { REPO } from "./emulator";
import { type PluginResult, pluginBench } from "./plugin";
import { type PreviewResult, previewMany } from "./preview";
import { type BenchResults, type CreateSeries, renderMarkdown } from "./report";
import { type RefreshResult, refreshMany, UP_EMULATOR, type UpResult, upMany } from "./scale";
import type { CreateRun } from "./singleCreate";

const QUICK = process.env.BENCH_QUICK === "1";
/**
 * BENCH_ONLY=creates|ups|refresh|preview|plugin runs only that section (written to .work/bench, like a quick run).
 */
const ONLY = process.env.BENCH_ONLY ?? "";
const runs = (section: string): boolean => ONLY === "" || ONLY === section;

/** Finds the Pulumi CLI the project's tools install, when the shell did not put one on PATH. */
function toolchainEnv(): void {
  const home = os.homedir();
  const cache = path.join(home, ".cache", "pulumi-tencentcloud-redis");
  const built = fs.existsSync(cache) ? fs.readdirSync(cache).filter((d) => d.startsWith("pulumi-v")) : [];
  for (const d of built) {
    const bin = path.join(cache, d, "bin");
    if (!(process.env.PATH ?? "").split(path.delimiter).includes(bin)) {
      process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ""}`;
    }
  }
  const pulumiHome = path.join(home, ".cache", "pulumi-tencentcloud-redis", "pulumi-home");
  if (process.env.PULUMI_HOME === undefined && fs.existsSync(pulumiHome)) process.env.PULUMI_HOME = pulumiHome;
  process.env.PULUMI_SKIP_UPDATE_CHECK = "true";
}

/** One series of creates in its own process (its own rate bucket, pollers and wait history). */
function createSeries(poller: Poller, delayMs: number, runs: number): Promise<CreateSeries> {
  const args = ["--import", "tsx", path.join(REPO, "bench", "singleCreate.ts"), "--delay-ms", String(delayMs)];
  args.push("--runs", String(runs), "--poller", poller);
  const env = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code === 0 && line) resolve({ poller, delayMs, runs: JSON.parse(line.slice(7)) as CreateRun[] });
      else resolve({ poller, delayMs, runs: [], error: `exit ${code}: ${err.slice(-500)}` });
    });
  });
}

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  toolchainEnv();
  log("packing the build and installing it into a user project (as the tests do)");
  process.env[INSTALLED_ENV] = JSON.stringify(installedPackage());

  // Single creates: each series in its own process, all at once (they mostly wait on their emulators).
  const delays = !runs("creates") ? [] : QUICK ? [2000, 10_000] : [2000, 10_000, 60_000];
  log(
    `single creates, deal delays ${delays.map((d) => `${d / 1000} s`).join(", ")} (project: 1 cold + 3 warm; anchor: 3)`,
  );
  const creates = await Promise.all(
    delays.flatMap((d) => [createSeries("adaptive", d, QUICK ? 2 : 4), createSeries("anchor", d, QUICK ? 1 : 3)]),
  );

  const ups: UpResult[] = [];
  const count = QUICK ? 10 : 50;
  const upCases = [
    ["adaptive", false, false],
    ["adaptive", false, true],
    ["anchor", false, false],
    ["adaptive", true, true],
  ] as const;
  for (const [poller, named, warm] of runs("ups") ? upCases : []) {
    log(`pulumi up of ${count} instances (${poller}${named ? ", named" : ""}${warm ? ", warm" : ""})`);
    ups.push(await upMany(poller, { count, named, warm, ...UP_EMULATOR }));
  }

  log(`pulumi refresh of ${QUICK ? 20 : 100} instances`);
  let refreshes: RefreshResult[] = [];
  try {
    if (runs("refresh")) refreshes = await refreshMany(QUICK ? 20 : 100);
  } catch (err) {
    log(`refresh bench failed: ${err instanceof Error ? err.message : String(err)}`);
  }

  const previews: PreviewResult[] = [];
  if (runs("preview")) {
    log(`pulumi preview of ${count} unchanged instances against ${count} trivial dynamic resources`);
    previews.push(await previewMany(count, QUICK ? 3 : 5));
  }

  const plugin: PluginResult[] = [];
  if (runs("plugin")) {
    // The dynamic host's up the plugin's is set against: this run's cold unnamed up of the ups section, or, when the
    // plugin part runs alone, the same up run here, just before the plugin's.
    let dynamicUp = ups.find((u) => u.poller === "adaptive" && !u.named && !u.warm);
    if (dynamicUp === undefined) {
      log(`pulumi up of ${count} instances through the dynamic host (adaptive, cold), beside the plugin's`);
      dynamicUp = await upMany("adaptive", { count, named: false, warm: false, ...UP_EMULATOR });
    }
    log(`the provider plugin: pulumi up of ${count} instances, then previews against a trivial Node plugin`);
    const p = await pluginBench(count, QUICK ? 3 : 5);
    plugin.push({ ...p, dynamicUp });
    log(`the plugin part took ${Math.round(p.durationS)} s${p.ok ? "" : ` and failed: ${p.error ?? ""}`}`);
  }

  const cpus = os.cpus();
  const results: BenchResults = {
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? "unknown",
      node: process.version,
      date: new Date().toISOString(),
      platform: `${os.type()} ${os.release()}`,
    },
    creates,
    ups,
    refreshes,
    previews,
    plugin,
    durationS: (Date.now() - started) / 1000,
  };
  const md = renderMarkdown(results);
  process.stdout.write(`${md}\n`);
  const outDir = path.join(REPO, ".work", "bench");
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "results.json"), `${JSON.stringify(results, null, 1)}\n`);
  const partial = QUICK || ONLY !== "";
  const target = partial ? path.join(outDir, `results-${ONLY || "quick"}.md`) : path.join(REPO, "bench", "results.md");
  fs.writeFileSync(target, md);
  // The repo's formatter pads markdown tables; keep the committed file as `biome check` wants it (biome ignores
  // .work, where the quick run writes).
  if (partial) return;
  try {
    execFileSync(path.join(REPO, "node_modules", ".bin", "biome"), ["format", "--write", target], { stdio: "ignore" });
  } catch {
    log("could not format the results with biome; the table is still written");
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
