/**
 * The quick start (`bash scripts/run.sh quickstart [example]`, default `quickstart`): what a user does, scripted.
 *
 *   1. `npm pack` this package and `npm install` the tarball into examples/<example> (next to @pulumi/pulumi); for a
 *      YAML or Python example (`quickstart yaml`, `quickstart python`), build the provider plugin's tarball and
 *      `pulumi plugin install` it into a PULUMI_HOME in .work/<example>/ instead; for Python also make the example's
 *      virtualenv (`python3 -m venv venv`) and pip install its requirements.txt offline, from the toolchain's
 *      wheelhouse (the pinned `pulumi`) and the generated SDK's wheel (scripts/pythonWheel.sh),
 *   2. start the emulator the package ships (`npx crs-emulator --port 8866 ...`),
 *   3. in examples/<example>: `pulumi stack select --create`, the Redis password set as a secret (through stdin,
 *      never on a command line), then plain `pulumi up` against the emulator,
 *   4. print the outputs and how to connect with redis-cli.
 *
 * State (a local file backend), the generated password and passphrase, and the emulator's data stay in
 * .work/<example>/, so a second run shows an `up` with no changes. With a terminal the emulator keeps running until
 * Ctrl-C; without one it stops and the script exits.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { packRepo } from "../test/userProject/installedPackage";
import { startPackagedEmulator } from "../test/userProject/packagedEmulator";
import { pluginInstall } from "../test/userProject/pluginTarball";

const REPO = path.resolve(__dirname, "..");
const EXAMPLE = process.argv[2] ?? "quickstart";
const PROJECT = path.join(REPO, "examples", EXAMPLE);
const WORK = path.join(REPO, ".work", EXAMPLE);
const STACK = "dev";

/** A value generated once and kept (mode 600) in .work, so later runs reuse it. */
function kept(name: string, make: () => string): string {
  const file = path.join(WORK, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const v = make();
  fs.writeFileSync(file, `${v}\n`, { mode: 0o600 });
  return v;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): string {
  return execFileSync(cmd, args, {
    cwd: PROJECT,
    env,
    encoding: "utf8",
    input,
    stdio: [input === undefined ? "ignore" : "pipe", "pipe", "inherit"],
  });
}

/** The example's virtualenv (Pulumi.yaml: `virtualenv: venv`) with requirements.txt installed offline. */
function installPythonRequirements(): void {
  const wheelhouse = process.env.PTR_PYTHON_WHEELHOUSE;
  if (!wheelhouse)
    throw new Error("no wheelhouse of the pulumi Python SDK: see the toolchain's log (is PyPI reachable?)");
  console.log(`Building the Python SDK's wheel and installing requirements.txt into examples/${EXAMPLE}/venv`);
  const wheel =
    run("bash", [path.join(REPO, "scripts", "pythonWheel.sh")], process.env)
      .trim()
      .split("\n")
      .pop() ?? "";
  const python = path.join(PROJECT, "venv", "bin", "python");
  if (!fs.existsSync(python)) run("python3", ["-m", "venv", "venv"], process.env);
  const pip = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index", "--find-links"];
  pip.push(wheelhouse, "--find-links", path.dirname(wheel));
  run(python, [...pip, "-r", "requirements.txt"], process.env);
  // This build's wheel, over an earlier run's of the same version.
  run(python, [...pip, "--force-reinstall", "--no-deps", wheel], process.env);
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(PROJECT, "Pulumi.yaml"))) throw new Error(`no example ${EXAMPLE} in examples/`);
  fs.mkdirSync(path.join(WORK, "state"), { recursive: true });
  // `runtime: yaml`, or `runtime:` with `name: python` under it.
  const runtime = /^runtime:[ \t]*(?:\n[ \t]+name:[ \t]*)?(\w+)/m.exec(
    fs.readFileSync(path.join(PROJECT, "Pulumi.yaml"), "utf8"),
  );
  const viaPlugin = runtime?.[1] === "yaml" || runtime?.[1] === "python";
  const pulumiHome = path.join(WORK, "pulumi-home");
  let emulatorCommand: string[] | undefined;
  if (viaPlugin) {
    // Any language: the provider plugin, installed from its tarball into a PULUMI_HOME of the example's own.
    console.log("Building the provider plugin's tarball and installing it (pulumi plugin install --file)");
    run("npm", ["run", "--silent", "build"], process.env);
    // The tarball of this build (scripts/pluginPackage.sh), reinstalled over an earlier run's.
    const install = pluginInstall(pulumiHome);
    run("pulumi", [...install.args, "--reinstall"], install.env);
    // The emulator the package ships (the same as `npx crs-emulator` in a Node project).
    emulatorCommand = [process.execPath, path.join(REPO, "dist", "emulator", "main.js")];
    if (runtime?.[1] === "python") installPythonRequirements();
  } else {
    console.log(`Installing this package's tarball into examples/${EXAMPLE} (npm pack + npm install)`);
    const tarball = packRepo(path.join(WORK, "pack"));
    run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", tarball], process.env);
  }

  const port = Number(process.env.QUICKSTART_PORT ?? 8866);
  const secretKey = randomBytes(16).toString("hex"); // the emulator's key for this run: nothing to leak
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${path.join(WORK, "state")}`,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    TENCENTCLOUD_SECRET_ID: "AKIDquickstart",
    TENCENTCLOUD_SECRET_KEY: secretKey,
    TENCENTCLOUD_REGION: "ap-guangzhou",
    TENCENTCLOUD_REDIS_ENDPOINT: `http://127.0.0.1:${port}`,
    ...(viaPlugin ? { PULUMI_HOME: pulumiHome, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" } : {}),
  };
  // The stack's secrets provider needs a passphrase; a generated one is kept in a file, never an empty default.
  if (!env.PULUMI_CONFIG_PASSPHRASE && !env.PULUMI_CONFIG_PASSPHRASE_FILE) {
    kept("passphrase", () => randomBytes(18).toString("base64url"));
    env.PULUMI_CONFIG_PASSPHRASE_FILE = path.join(WORK, "passphrase");
  }
  const emuArgs = ["--port", String(port), "--data-dir", path.join(WORK, "emulator"), "--secret-id", "AKIDquickstart"];
  emuArgs.push("--secret-key", secretKey, "--deal-delay-ms", "3000", "--task-delay-ms", "1000");
  const { child: emu } = await startPackagedEmulator(PROJECT, emuArgs, env, emulatorCommand);
  console.log(`CRS emulator (crs-emulator from the package) listening on ${env.TENCENTCLOUD_REDIS_ENDPOINT}`);
  let code = 0;
  try {
    run("pulumi", ["stack", "select", "--create", STACK, "--non-interactive"], env);
    // Letters and digits plus one special: the documented rule (8-16 characters, at least two kinds).
    const password = kept("redis-password", () => `Qs${randomBytes(6).toString("hex")}!`);
    run("pulumi", ["config", "set", "--secret", "redisPassword", "--non-interactive"], env, password);
    code = await new Promise<number>((resolve) => {
      const up = spawn("pulumi", ["up", "--yes", "--non-interactive"], { cwd: PROJECT, env, stdio: "inherit" });
      up.on("close", (c) => resolve(c ?? 1));
    });
    if (code === 0) {
      const outs = JSON.parse(run("pulumi", ["stack", "output", "--json"], env)) as { port?: number };
      const rel = path.relative(REPO, WORK);
      console.log("\nConnect to it:");
      console.log(`  redis-cli -h 127.0.0.1 -p ${outs.port} -a "$(cat ${rel}/redis-password)" ping`);
      console.log(`State: ${rel}/state (pulumi file backend); run again to see an up with no changes.`);
      console.log(`Run pulumi yourself: cd examples/${EXAMPLE}, start the emulator and export PULUMI_BACKEND_URL,`);
      console.log(
        "  PULUMI_CONFIG_PASSPHRASE(_FILE) and TENCENTCLOUD_* as this script does (README: Testing your own program).",
      );
      if (process.stdin.isTTY) {
        console.log("\nThe emulator and the instance keep running; press Ctrl-C to stop them.");
        await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
      } else {
        console.log(`\nNo terminal: stopping the emulator (its data stays in ${rel}/emulator).`);
      }
    }
  } finally {
    if (emu.exitCode === null) {
      const exited = new Promise((r) => emu.once("exit", r));
      emu.kill("SIGTERM");
      await exited;
    }
  }
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
