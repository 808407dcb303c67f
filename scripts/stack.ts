/**
 * Runs `pulumi preview|up|refresh|destroy|export` on a Pulumi program with the real Pulumi CLI and a local file
 * backend, through the Automation API's inline-program mode.
 *
 * Why inline: the Go module proxy reachable here serves the CLI (`pkg/v3`) but not the nodejs language host module
 * (`sdk/nodejs/cmd/pulumi-language-nodejs/v3`, 403 "This module version is not available"), so `pulumi up` in a
 * `runtime: nodejs` project cannot start the program. In inline mode the Automation API hosts the language runtime in
 * this process and the CLI (engine, state, plan, diff, dynamic-provider plugin) is the real one.
 *
 * Usage: tsx scripts/stack.ts <op> --program FILE --stack NAME --dir DIR [--config key=value ...]
 *          [--secret-config key=value ...] [--diff] [--json] [--parallel N] [--verbose]
 * `--verbose` turns on the CLI's verbose logging (`-v=9 --logtostderr --logflow`) and prints it on stderr: what a
 * pipeline with debugging switched on would keep in its logs, which the fault suite's secret audit greps. Beware:
 * at -v=9 the Pulumi engine itself prints every property, secrets included, in its RPC trace.
 * A program FILE exports `default` (or `program`): an async function that declares resources and returns outputs.
 * On success it prints the CLI's output (and for `up`, the outputs as JSON on the last line, prefixed `OUTPUTS `).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type PulumiFn } from "@pulumi/pulumi/automation";

interface Args {
  op: string;
  program: string;
  stack: string;
  dir: string;
  project: string;
  config: Record<string, string>;
  secretConfig: Record<string, string>;
  diff: boolean;
  parallel?: number;
  refresh: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const [op = "", ...rest] = argv;
  const a: Args = {
    op,
    program: "",
    stack: "dev",
    dir: "",
    project: "tencentcloud-redis",
    config: {},
    secretConfig: {},
    diff: false,
    refresh: false,
    verbose: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const k = rest[i];
    const v = (): string => {
      const value = rest[++i];
      if (value === undefined) throw new Error(`${k} needs a value`);
      return value;
    };
    const kv = (s: string): [string, string] => {
      const at = s.indexOf("=");
      return [s.slice(0, at), s.slice(at + 1)];
    };
    if (k === "--program") a.program = path.resolve(v());
    else if (k === "--stack") a.stack = v();
    else if (k === "--dir") a.dir = path.resolve(v());
    else if (k === "--project") a.project = v();
    else if (k === "--config") {
      const [key, value] = kv(v());
      a.config[key] = value;
    } else if (k === "--secret-config") {
      const [key, value] = kv(v());
      a.secretConfig[key] = value;
    } else if (k === "--diff") a.diff = true;
    else if (k === "--refresh") a.refresh = true;
    else if (k === "--verbose") a.verbose = true;
    else if (k === "--parallel") a.parallel = Number(v());
    else throw new Error(`unknown argument ${k}`);
  }
  if (!a.program || !a.dir) throw new Error("--program and --dir are required");
  return a;
}

async function loadProgram(file: string): Promise<PulumiFn> {
  const mod = (await import(file)) as { default?: unknown; program?: unknown };
  const fn = mod.program ?? mod.default;
  const candidate = typeof fn === "function" ? fn : (fn as { default?: unknown } | undefined)?.default;
  if (typeof candidate !== "function") throw new Error(`${file} exports no program function`);
  return candidate as PulumiFn;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(path.join(args.dir, "state"), { recursive: true });
  const program = await loadProgram(args.program);
  const backendUrl = `file://${path.join(args.dir, "state")}`;
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: args.stack, projectName: args.project, program },
    {
      workDir: args.dir,
      projectSettings: { name: args.project, runtime: "nodejs", backend: { url: backendUrl } },
      envVars: {
        PULUMI_BACKEND_URL: backendUrl,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
    },
  );
  for (const [key, value] of Object.entries(args.config)) await stack.setConfig(key, { value });
  for (const [key, value] of Object.entries(args.secretConfig)) await stack.setConfig(key, { value, secret: true });

  const onOutput = (s: string) => process.stdout.write(s);
  const onError = (s: string) => process.stderr.write(s);
  const verbose = args.verbose
    ? {
        logVerbosity: 9,
        logToStdErr: true,
        logFlow: true,
        onError,
      }
    : ({} as Record<string, never>);
  // Every operation takes --parallel (the engine's default for refresh and destroy is small, 8 here).
  const common = {
    onOutput,
    color: "never" as const,
    ...verbose,
    ...(args.parallel ? { parallel: args.parallel } : {}),
  };
  switch (args.op) {
    case "preview":
      await stack.preview({ ...common, diff: args.diff, refresh: args.refresh });
      break;
    case "up": {
      const r = await stack.up({ ...common, diff: args.diff, refresh: args.refresh });
      const outs = Object.fromEntries(Object.entries(r.outputs).map(([k, o]) => [k, o.secret ? "[secret]" : o.value]));
      process.stdout.write(`\nOUTPUTS ${JSON.stringify(outs)}\n`);
      break;
    }
    case "refresh":
      await stack.refresh(common);
      break;
    case "destroy":
      await stack.destroy(common);
      break;
    case "export": {
      // `pulumi stack export` as a user runs it (without --show-secrets; the Automation API's exportStack shows them).
      const out = execFileSync("pulumi", ["stack", "export", "--stack", args.stack], {
        cwd: args.dir,
        env: {
          ...process.env,
          PULUMI_BACKEND_URL: backendUrl,
          PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
        },
        encoding: "utf8",
      });
      process.stdout.write(out);
      break;
    }
    case "cancel":
      // After a killed run: releases the stack lock it left (what `pulumi cancel` does).
      await stack.cancel();
      break;
    case "outputs": {
      const outs = await stack.outputs();
      process.stdout.write(
        `${JSON.stringify(Object.fromEntries(Object.entries(outs).map(([k, o]) => [k, o.secret ? "[secret]" : o.value])))}\n`,
      );
      break;
    }
    default:
      throw new Error(`unknown operation ${args.op} (preview, up, refresh, destroy, export, outputs, cancel)`);
  }
}

main().catch((err: unknown) => {
  const e = err as { message?: string };
  process.stderr.write(`${e.message ?? String(err)}\n`);
  process.exit(1);
});
