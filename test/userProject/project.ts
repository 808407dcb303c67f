import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { installedPackage, USER_ROOT } from "./installedPackage";

/**
 * A user's Pulumi project in a folder of its own, outside the repo: Pulumi.yaml, package.json, tsconfig.json and the
 * program as index.ts, with node_modules linked to a template where the packed package was `npm install`ed. Driven by
 * the plain `pulumi` command line with a local file backend in `<dir>/state`.
 */
export interface UserProject {
  dir: string;
  project: string;
  /** The file backend's folder (what a user's state bucket would hold). */
  stateDir: string;
}

/** The passphrase of the test stacks' secrets provider (never empty: an empty one is a plain-text secret). */
export const TEST_PASSPHRASE = "user-project-passphrase-for-tests";

/** tsconfig.json as Pulumi's TypeScript template writes it. */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2022",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
    skipLibCheck: true,
  },
  files: ["index.ts"],
};

/**
 * Makes a project folder for `program` (a TypeScript file whose default export is the Pulumi program).
 * @param name - a label for the folder
 * @param program - the program's source file, copied as index.ts
 */
export function createUserProject(name: string, program: string, project = "tencentcloud-redis"): UserProject {
  const { nodeModules } = installedPackage();
  fs.mkdirSync(path.join(USER_ROOT, "projects"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(USER_ROOT, "projects", `${name}-`));
  writeProgram(dir, program);
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${project}\ndescription: a user's project (test)\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`,
  );
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: project, private: true, main: "index.ts" }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  // One `npm install` serves every project of a run; the package still resolves only because it is installed there.
  fs.symlinkSync(nodeModules, path.join(dir, "node_modules"), "dir");
  const stateDir = path.join(dir, "state");
  fs.mkdirSync(stateDir, { recursive: true });
  return { dir, project, stateDir };
}

/** Replaces the project's program (index.ts) with `program`. */
export function writeProgram(dir: string, program: string): void {
  fs.copyFileSync(program, path.join(dir, "index.ts"));
}

/** The environment the `pulumi` command line runs with for a project: offline, local backend, test passphrase. */
export function pulumiEnv(p: UserProject, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${p.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...extra,
  };
}

export interface PulumiRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pulumi <args>` in the project and waits for it (a setup step: throws when it fails).
 * @param input - written to its stdin (how `pulumi config set --secret KEY` takes a value off the command line)
 */
export function pulumiSync(p: UserProject, args: string[], env: Record<string, string> = {}, input?: string): string {
  try {
    return execFileSync("pulumi", args, {
      cwd: p.dir,
      env: pulumiEnv(p, env),
      encoding: "utf8",
      input,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`pulumi ${args[0]} ${args[1] ?? ""} failed: ${err.stderr ?? ""}${err.stdout ?? ""}${err.message}`);
  }
}

/** Starts `pulumi <args>` in the project in a process group of its own (so a test can kill all it started). */
export function startPulumi(
  p: UserProject,
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<PulumiRun> } {
  const child = spawn("pulumi", args, {
    cwd: p.dir,
    env: pulumiEnv(p, env),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<PulumiRun>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Every file of the project folder and its state folder, except the linked node_modules (for secret audits). */
export function projectFiles(p: UserProject): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.name === "node_modules" && d === p.dir) continue;
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(full);
    }
  };
  walk(p.dir);
  return out;
}
