import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repo root; stacks live under it so the dynamic provider resolves this package from its node_modules. */
export const REPO = path.resolve(__dirname, "../..");

export interface StackRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StackOptions {
  program: string;
  dir: string;
  stack?: string;
  env?: Record<string, string>;
  config?: Record<string, string>;
  secretConfig?: Record<string, string>;
  diff?: boolean;
  parallel?: number;
  /** Turn on the CLI's verbose logging (scripts/stack.ts `--verbose`): logs go to the run's stderr. */
  verbose?: boolean;
}

/** A fresh directory for one test's stacks (state backend included), under .work/e2e in the repo. */
export function stackDir(name: string): string {
  const dir = path.join(REPO, ".work", "e2e", `${name}-${process.pid}-${Date.now().toString(36)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Starts `scripts/stack.ts <op>` (the real Pulumi CLI through the Automation API) as a child process. */
export function startStackOp(op: string, o: StackOptions): { child: ChildProcess; done: Promise<StackRun> } {
  const args = ["--import", "tsx", path.join(REPO, "scripts/stack.ts"), op, "--program", o.program, "--dir", o.dir];
  args.push("--stack", o.stack ?? "dev");
  for (const [k, v] of Object.entries(o.config ?? {})) args.push("--config", `${k}=${v}`);
  for (const [k, v] of Object.entries(o.secretConfig ?? {})) args.push("--secret-config", `${k}=${v}`);
  if (o.diff) args.push("--diff");
  if (o.parallel) args.push("--parallel", String(o.parallel));
  if (o.verbose) args.push("--verbose");
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so a test can kill the CLI and everything it started
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<StackRun>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Runs one stack operation to its end. */
export async function stackOp(op: string, o: StackOptions): Promise<StackRun> {
  return startStackOp(op, o).done;
}

/** Parses the `OUTPUTS {...}` line that `scripts/stack.ts up` prints last. */
export function outputsOf(run: StackRun): Record<string, unknown> {
  const line = run.stdout.split("\n").find((l) => l.startsWith("OUTPUTS "));
  if (!line) throw new Error(`no outputs in:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(line.slice("OUTPUTS ".length)) as Record<string, unknown>;
}

/** The stack's checkpoint as the file backend wrote it (what a user's state bucket would hold). */
export function stateFile(dir: string, project = "tencentcloud-redis", stack = "dev"): string {
  return fs.readFileSync(path.join(dir, "state", ".pulumi", "stacks", project, `${stack}.json`), "utf8");
}

/**
 * Kills the provider plugins a killed `pulumi` left behind in a stack's directory. The CLI starts each plugin in its
 * own process group, so killing the CLI's group (what a CI cancel does) leaves the dynamic-provider host running,
 * still inside the interrupted operation and spinning a core. Linux only (reads /proc); returns how many it killed.
 */
export function killStrayPlugins(dir: string): number {
  let killed = 0;
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!/dynamic-provider|pulumi-resource-/.test(cmd)) continue;
      process.kill(Number(pid), "SIGKILL");
      killed++;
    } catch {
      // gone already, or not ours to read
    }
  }
  return killed;
}
