import type { ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO } from "../userProject/installedPackage";
import { createUserProject, pulumiEnv, startPulumi, type UserProject, writeProgram } from "../userProject/project";

export { REPO };

const execFileAsync = promisify(execFile);

export interface StackRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StackOptions {
  /** The program (a TypeScript file with a default-exported async function), written to the project as index.ts. */
  program: string;
  /** A project folder made by `stackDir`. */
  dir: string;
  stack?: string;
  env?: Record<string, string>;
  config?: Record<string, string>;
  secretConfig?: Record<string, string>;
  diff?: boolean;
  /** `--json`: the CLI prints the plan or update as JSON (steps and changes) instead of the text display. */
  json?: boolean;
  parallel?: number;
  /** The CLI's verbose logging (`-v=9 --logtostderr --logflow`) on the run's stderr. */
  verbose?: boolean;
}

const PROJECT = "tencentcloud-redis";
const projects = new Map<string, UserProject>();
/** Config each stack was last given, so a run sets only what changed (config persists, as a user's does). */
const written = new Map<string, Record<string, string>>();

/** A fresh user project (outside the repo, the package installed from its tarball) for one test's stacks. */
export function stackDir(name: string): string {
  const p = createUserProject(name.replace(/[^A-Za-z0-9_-]/g, "-"), path.join(__dirname, "programs", "trivial.ts"));
  projects.set(p.dir, p);
  return p.dir;
}

function projectOf(dir: string): UserProject {
  return projects.get(dir) ?? { dir, project: PROJECT, stateDir: path.join(dir, "state") };
}

async function pulumi(p: UserProject, args: string[], env: Record<string, string>): Promise<string> {
  const r = await execFileAsync("pulumi", args, { cwd: p.dir, env: pulumiEnv(p, env), maxBuffer: 64 << 20 });
  return r.stdout;
}

/** Selects the stack (creating it the first time) and sets the config that changed since the last run. */
async function prepare(p: UserProject, o: StackOptions, stack: string): Promise<void> {
  writeProgram(p.dir, o.program);
  const env = o.env ?? {};
  const key = `${p.dir}\0${stack}`;
  if (!fs.existsSync(stackFile(p, stack))) await pulumi(p, ["stack", "init", stack, "--non-interactive"], env);
  const before = written.get(key) ?? {};
  const args: string[] = [];
  const next: Record<string, string> = { ...before };
  for (const [k, v] of Object.entries(o.config ?? {})) {
    if (before[k] === `p:${v}`) continue;
    args.push("--plaintext", `${k}=${v}`);
    next[k] = `p:${v}`;
  }
  for (const [k, v] of Object.entries(o.secretConfig ?? {})) {
    if (before[k] === `s:${v}`) continue;
    args.push("--secret", `${k}=${v}`);
    next[k] = `s:${v}`;
  }
  // set-all keeps secret values off the command line's plain-text config file: they land encrypted.
  if (args.length > 0) await pulumi(p, ["config", "set-all", "--stack", stack, ...args], env);
  written.set(key, next);
}

export function opArgs(op: string, o: StackOptions, stack: string): string[] {
  const common = ["--stack", stack, "--non-interactive", "--color", "never"];
  if (o.parallel) common.push("--parallel", String(o.parallel));
  if (o.verbose) common.push("-v=9", "--logtostderr", "--logflow");
  if (o.json) common.push("--json");
  switch (op) {
    case "preview":
      return ["preview", ...common, ...(o.diff ? ["--diff"] : [])];
    case "up":
      return ["up", "--yes", "--skip-preview", ...common, ...(o.diff ? ["--diff"] : [])];
    case "refresh":
    case "destroy":
      return [op, "--yes", "--skip-preview", ...common];
    case "export":
      // As a user runs it: without --show-secrets.
      return ["stack", "export", "--stack", stack];
    case "cancel":
      // After a killed run: releases the lock it left.
      return ["cancel", "--yes", "--stack", stack];
    case "outputs":
      return ["stack", "output", "--json", "--stack", stack];
    default:
      throw new Error(`unknown operation ${op} (preview, up, refresh, destroy, export, outputs, cancel)`);
  }
}

/**
 * Starts `pulumi <op>` on the command line in the user project `o.dir`, in its own process group. For `up`, `done`
 * also reads `pulumi stack output --json` (secrets print as "[secret]") and appends it as a last `OUTPUTS {...}` line.
 */
export async function startStackOp(
  op: string,
  o: StackOptions,
): Promise<{ child: ChildProcess; done: Promise<StackRun> }> {
  const p = projectOf(o.dir);
  const stack = o.stack ?? "dev";
  await prepare(p, o, stack);
  const { child, done: ran } = startPulumi(p, opArgs(op, o, stack), o.env ?? {});
  const done = ran.then(async (r): Promise<StackRun> => {
    if (op !== "up" || r.code !== 0 || o.json) return r;
    const outs = await pulumi(p, opArgs("outputs", o, stack), o.env ?? {});
    return { ...r, stdout: `${r.stdout}\nOUTPUTS ${JSON.stringify(JSON.parse(outs))}\n` };
  });
  return { child, done };
}

/** Runs one stack operation to its end. */
export async function stackOp(op: string, o: StackOptions): Promise<StackRun> {
  return (await startStackOp(op, o)).done;
}

/** Parses the `OUTPUTS {...}` line that an `up` run ends with. */
export function outputsOf(run: StackRun): Record<string, unknown> {
  const line = run.stdout.split("\n").find((l) => l.startsWith("OUTPUTS "));
  if (!line) throw new Error(`no outputs in:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(line.slice("OUTPUTS ".length)) as Record<string, unknown>;
}

function stackFile(p: UserProject, stack: string): string {
  return path.join(p.stateDir, ".pulumi", "stacks", p.project, `${stack}.json`);
}

/** The stack's checkpoint as the file backend wrote it (what a user's state bucket would hold). */
export function stateFile(dir: string, project = PROJECT, stack = "dev"): string {
  return fs.readFileSync(stackFile({ ...projectOf(dir), project }, stack), "utf8");
}

/**
 * Kills the provider plugins a killed `pulumi` left behind in a project folder. The CLI starts each plugin in its
 * own process group, so killing the CLI's group (what a CI cancel does) leaves the dynamic-provider host running,
 * still inside the interrupted operation. Linux only (reads /proc); returns how many it killed.
 */
export function killStrayPlugins(dir: string): number {
  let killed = 0;
  for (const pid of fs.readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!/dynamic-provider|pulumi-resource-|cmd\/run|pulumi-language-nodejs/.test(cmd)) continue;
      process.kill(Number(pid), "SIGKILL");
      killed++;
    } catch {
      // gone already, or not ours to read
    }
  }
  return killed;
}
