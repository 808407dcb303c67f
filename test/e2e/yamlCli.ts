import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startPackagedEmulator } from "../userProject/packagedEmulator";
import { pluginDir } from "../userProject/pluginTarball";
import { pulumiSync, startPulumi } from "../userProject/project";
import { createYamlProject, writeYamlProgram, type YamlProject, yamlEnv } from "../userProject/yamlProject";
import { opArgs, type StackRun } from "./cli";
import { type EmulatorCall, type EmulatorFixture, emulatorControl, SECRET_ID, SECRET_KEY } from "./emulatorFixture";

/** One run of `pulumi` on a YAML project (see test/userProject/yamlProject.ts). */
export interface YamlRun {
  project: YamlProject;
  stack?: string;
  /** The program (Pulumi.yaml after name and runtime); kept as it is when absent. */
  program?: string;
  env?: Record<string, string>;
  config?: Record<string, string>;
  secretConfig?: Record<string, string>;
  diff?: boolean;
  json?: boolean;
  /** Extra arguments, e.g. `--event-log <file>`. */
  args?: string[];
}

/** A YAML project for one test file, with the plugin installed from its tarball into its PULUMI_HOME. */
export function yamlProject(label: string, program: string): YamlProject {
  return createYamlProject(label.replace(/[^A-Za-z0-9_-]/g, "-"), program);
}

/** The file the file backend keeps the stack's checkpoint in. */
export function yamlStackFile(p: YamlProject, stack = "dev"): string {
  return path.join(p.stateDir, ".pulumi", "stacks", p.project, `${stack}.json`);
}

/** Selects (creating) the stack and sets its config; secrets go through `config set-all --secret`. */
export function prepareYamlStack(o: YamlRun): string {
  const p = o.project;
  const stack = o.stack ?? "dev";
  const env = yamlEnv(p, o.env);
  if (o.program !== undefined) writeYamlProgram(p, o.program);
  if (!fs.existsSync(yamlStackFile(p, stack))) pulumiSync(p, ["stack", "init", stack, "--non-interactive"], env);
  const args: string[] = [];
  for (const [k, v] of Object.entries(o.config ?? {})) args.push("--plaintext", `${k}=${v}`);
  for (const [k, v] of Object.entries(o.secretConfig ?? {})) args.push("--secret", `${k}=${v}`);
  if (args.length > 0) pulumiSync(p, ["config", "set-all", "--stack", stack, ...args], env);
  return stack;
}

/** Runs `pulumi <op>` (preview, up, refresh, destroy, outputs, export) on the YAML project to its end. */
export async function yamlOp(op: string, o: YamlRun): Promise<StackRun> {
  const stack = prepareYamlStack(o);
  const args = [...opArgs(op, { program: "", dir: o.project.dir, ...o }, stack), ...(o.args ?? [])];
  return startPulumi(o.project, args, yamlEnv(o.project, o.env)).done;
}

/**
 * `pulumi <args>` in the project's stack, to its end; throws with its output when it fails. Asynchronous on purpose:
 * the emulator runs in the test's process, so a blocking call would leave the plugin's requests unanswered.
 */
export async function yamlPulumi(o: YamlRun, args: string[]): Promise<string> {
  const stack = prepareYamlStack(o);
  const r = await startPulumi(o.project, [...args, "--stack", stack], yamlEnv(o.project, o.env)).done;
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The stack's checkpoint as the file backend wrote it. */
export function yamlStateFile(p: YamlProject, stack = "dev"): string {
  return fs.readFileSync(yamlStackFile(p, stack), "utf8");
}

/**
 * The emulator the plugin's tarball ships (the package's `crs-emulator`, dist/emulator/main.js inside the installed
 * plugin), started as a user would start it: what the YAML scenarios run against. The same controls as the test
 * fixture's (call log, state) over HTTP.
 */
export async function packagedEmulator(
  p: YamlProject,
): Promise<Pick<EmulatorFixture, "env" | "control" | "calls" | "clearCalls" | "stop">> {
  const main = path.join(pluginDir(p.home), "node_modules", "pulumi-tencentcloud-redis", "dist", "emulator", "main.js");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "crs-emu-packaged-"));
  const args = ["--port", "0", "--data-dir", dataDir, "--secret-id", SECRET_ID, "--secret-key", SECRET_KEY];
  args.push("--deal-delay-ms", "800", "--task-delay-ms", "300", "--quiet");
  const { child, url } = await startPackagedEmulator(p.dir, args, process.env, [process.execPath, main]);
  const control = emulatorControl(url);
  return {
    env: {
      TENCENTCLOUD_SECRET_ID: SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TENCENTCLOUD_REDIS_ENDPOINT: url,
    },
    control,
    calls: async () => (await control<{ calls: EmulatorCall[] }>("/_emulator/calls")).calls,
    clearCalls: async () => {
      await control("/_emulator/calls", "DELETE");
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
