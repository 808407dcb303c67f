/**
 * What the plugin bench (bench/plugin.ts) runs on: the provider plugin's tarball as `bash scripts/run.sh plugin`
 * makes it, the trivial plugin's tarball (bench/trivialPlugin/), both installed with `pulumi plugin install --file`
 * into one fresh PULUMI_HOME, and YAML projects outside the repo (no node_modules: the plugins come from that home).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { USER_ROOT } from "../test/userProject/installedPackage";
import type { UserProject } from "../test/userProject/project";
import { REPO } from "./emulator";
import { TRIVIAL_PLUGIN, TRIVIAL_TYPE, TRIVIAL_VERSION } from "./trivialPlugin/plugin";

export const PLUGIN = "tencentcloud-redis";
export const PLUGIN_TYPE = `${PLUGIN}:index:Instance`;
export const PLUGIN_VERSION = (
  JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }
).version;
export { TRIVIAL_TYPE };

/** A YAML project and the PULUMI_HOME its plugins are installed in. */
export interface YamlBenchProject extends UserProject {
  home: string;
}

/**
 * The provider plugin's tarball, made by scripts/pluginPackage.sh from the current build (the bench's `npm pack` has
 * just built dist/) and copied into `into`.
 */
export function pluginTarball(into: string): string {
  const out = execFileSync("bash", [path.join(REPO, "scripts", "pluginPackage.sh")], {
    cwd: REPO,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const built = out.trim().split("\n").pop() ?? "";
  if (!fs.existsSync(built)) throw new Error(`scripts/pluginPackage.sh printed no tarball:\n${out}`);
  // A copy of our own: a later build by someone else must not change the file under the install.
  const copy = path.join(into, path.basename(built));
  fs.copyFileSync(built, copy);
  return copy;
}

/**
 * The trivial plugin's tarball: bench/trivialPlugin/plugin.ts transpiled to plugin.js next to a launcher
 * `pulumi-resource-benchtrivial` that runs it with the node on PATH (as the provider plugin's launcher does).
 * It loads @pulumi/pulumi from the repo's node_modules (NODE_PATH): the version the provider plugin's tarball
 * bundles (both follow package-lock.json), without copying the SDK into the tarball.
 */
export function trivialTarball(into: string): string {
  const stage = path.join(into, "trivial-plugin");
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  const source = fs.readFileSync(path.join(REPO, "bench", "trivialPlugin", "plugin.ts"), "utf8");
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  fs.writeFileSync(path.join(stage, "plugin.js"), js);
  const launcher = path.join(stage, `pulumi-resource-${TRIVIAL_PLUGIN}`);
  fs.writeFileSync(
    launcher,
    [
      "#!/bin/sh",
      "# The bench's trivial plugin (bench/trivialPlugin/plugin.ts), run with the node on PATH.",
      'dir=$(cd "$(dirname "$0")" && pwd -P)',
      `export NODE_PATH=${JSON.stringify(path.join(REPO, "node_modules"))}`,
      'exec node "$dir/plugin.js" "$@"',
      "",
    ].join("\n"),
  );
  fs.chmodSync(launcher, 0o755);
  const tarball = path.join(into, `pulumi-resource-${TRIVIAL_PLUGIN}-v${TRIVIAL_VERSION}.tar.gz`);
  execFileSync("tar", ["-czf", tarball, "-C", stage, path.basename(launcher), "plugin.js"]);
  return tarball;
}

/**
 * A fresh PULUMI_HOME (outside the repo) with both plugins installed from their tarballs, as a user offline does.
 * Fresh on every run, so nothing an earlier run left in the home (plugins, cached schemas, or wait history and
 * journal, which the plugin kept in its install folder while it worked in the handshake's directory) carries over.
 */
export function pluginHome(plugin: string, trivial: string): string {
  fs.mkdirSync(path.join(USER_ROOT, "homes"), { recursive: true });
  const home = fs.mkdtempSync(path.join(USER_ROOT, "homes", "bench-pulumi-home-"));
  const env = { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" };
  for (const [name, version, file] of [
    [PLUGIN, PLUGIN_VERSION, plugin],
    [TRIVIAL_PLUGIN, TRIVIAL_VERSION, trivial],
  ] as const) {
    execFileSync("pulumi", ["plugin", "install", "resource", name, `v${version}`, "--file", file], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
  }
  return home;
}

/**
 * The YAML program both stacks run: a secret password in config and `count` resources of `type` with the inputs of
 * bench/programs/instances.ts (standalone 1 GB, unnamed). The two stacks differ only in the type token.
 */
export function yamlProgram(type: string, count: number): string {
  const lines = ["config:", "  redisPassword:", "    type: string", "    secret: true", "resources:"];
  for (let i = 0; i < count; i++) {
    // `${redisPassword}` (escaped here) is YAML's interpolation of the config value, not the template's.
    lines.push(`  cache-${i}:`, `    type: ${type}`, "    properties:", "      zoneId: 100002", "      typeId: 2");
    lines.push("      memSize: 1024", `      password: \${redisPassword}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A YAML project folder outside the repo, with a file backend in `<dir>/state`. */
export function yamlBenchProject(label: string, program: string, home: string): YamlBenchProject {
  fs.mkdirSync(path.join(USER_ROOT, "projects"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(USER_ROOT, "projects", `bench-${label}-`));
  const project = "bench-plugin";
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${project}\nruntime: yaml\n${program}`);
  const stateDir = path.join(dir, "state");
  fs.mkdirSync(stateDir, { recursive: true });
  return { dir, project, stateDir, home };
}
