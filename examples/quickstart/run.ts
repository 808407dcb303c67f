/**
 * The quick start (`bash scripts/run.sh quickstart`): starts the CRS emulator on 127.0.0.1:8866 (or QUICKSTART_PORT),
 * runs `pulumi up` of examples/quickstart with a local file backend, prints the outputs and how to connect with
 * redis-cli. With a terminal it keeps the emulator (and the instance's redis-server) up until Ctrl-C; without one it
 * stops them and exits.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../test/emulator/index";

const REPO = path.resolve(__dirname, "../..");
const WORK = path.join(REPO, ".work", "quickstart");

function password(): string {
  const file = path.join(WORK, "redis-password");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  // Letters and digits plus one special: meets the documented rule (8-16 characters, at least two kinds).
  const pw = `Qs${randomBytes(6).toString("hex")}!`;
  fs.writeFileSync(file, `${pw}\n`, { mode: 0o600 });
  return pw;
}

async function main(): Promise<void> {
  fs.mkdirSync(WORK, { recursive: true });
  const port = Number(process.env.QUICKSTART_PORT ?? 8866);
  const secretId = "AKIDquickstart";
  const secretKey = randomBytes(16).toString("hex"); // a fresh key per run: nothing to leak
  const emu = await startEmulator({
    port,
    dataDir: path.join(WORK, "emulator"),
    secretId,
    secretKey,
    dealDelayMs: 3000,
    taskDelayMs: 1000,
    quiet: true,
  });
  console.log(`CRS emulator listening on ${emu.url} (data in ${path.relative(REPO, WORK)}/emulator)`);
  const env = {
    ...process.env,
    TENCENTCLOUD_SECRET_ID: secretId,
    TENCENTCLOUD_SECRET_KEY: secretKey,
    TENCENTCLOUD_REGION: "ap-guangzhou",
    TENCENTCLOUD_REDIS_ENDPOINT: emu.url,
  };
  const args = [
    "--import",
    "tsx",
    path.join(REPO, "scripts/stack.ts"),
    "up",
    "--program",
    path.join(REPO, "examples/quickstart/index.ts"),
    "--dir",
    WORK,
    "--stack",
    "quickstart",
    "--secret-config",
    `redisPassword=${password()}`,
  ];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: "inherit" });
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    await emu.stop();
    process.exit(code);
  }
  const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as {
    instances: { redisId: string; port: number }[];
  };
  const inst = state.instances[0];
  console.log("\nConnect to it:");
  console.log(`  redis-cli -h 127.0.0.1 -p ${inst?.port} -a "$(cat ${path.relative(REPO, WORK)}/redis-password)" ping`);
  console.log(
    `State: ${path.relative(REPO, WORK)}/state (pulumi file backend); run again to see an up with no changes.`,
  );
  if (process.stdin.isTTY) {
    console.log("\nThe emulator and the instance keep running; press Ctrl-C to stop them.");
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  } else {
    console.log("\nNo terminal: stopping the emulator (its data stays in .work/quickstart).");
  }
  await emu.stop();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
