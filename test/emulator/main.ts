#!/usr/bin/env node
import { CLI_DEFAULTS, parseCliArgs } from "./cliArgs";
import { startEmulator } from "./index";
import { watchLaunchers } from "./launcherWatch";

const USAGE = `usage: npm run --silent emulator -- [--port P] [--data-dir DIR] [--secret-id ID] [--secret-key KEY]
  [--deal-delay-ms N] [--task-delay-ms N] [--sqlserver-instance ID:DB1,DB2 ...] [--rate-limit N] [--quiet]
defaults: port ${CLI_DEFAULTS.port}, data dir ${CLI_DEFAULTS.dataDir}, secret id ${CLI_DEFAULTS.secretId},
  secret key ${CLI_DEFAULTS.secretKey}, deal delay ${CLI_DEFAULTS.dealDelayMs} ms, task delay ${CLI_DEFAULTS.taskDelayMs} ms`;

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseCliArgs>;
  try {
    opts = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error && e.message !== "usage" ? `${e.message}\n` : ""}${USAGE}\n`);
    process.exit(2);
  }
  const emu = await startEmulator(opts);
  // The credentials printed are the emulator's own test credentials (defaults or what was passed), not a cloud secret.
  const keyShown = opts.secretKey === CLI_DEFAULTS.secretKey ? opts.secretKey : "(as given by --secret-key)";
  process.stdout.write(
    `CRS emulator listening on ${emu.url}\n` +
      `  2017 API:  ${emu.url}/v2/index.php\n  API 3.0:   ${emu.url}/\n  controls:  ${emu.url}/_emulator/\n` +
      `  TENCENTCLOUD_REDIS_ENDPOINT=${emu.url}\n  TENCENTCLOUD_SECRET_ID=${opts.secretId}\n  TENCENTCLOUD_SECRET_KEY=${keyShown}\n` +
      `  data dir: ${opts.dataDir}\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emu.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("SIGHUP", stop);
  watchLaunchers(stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
