/**
 * One series of single creates against its own emulator, in this process: the Instance provider's `create` is
 * driven through `pulumi-tencentcloud-redis/runtime` as installed from the packed tarball in a user project (the
 * code a user's dynamic provider runs).
 * The poller is chosen by the parent (`--poller anchor` installs the baseline strategy in this process). The first run of the project's poller is
 * cold (no wait history in this fresh directory), the next ones are warm (they learnt from the earlier ones).
 *
 * Usage: tsx bench/singleCreate.ts --delay-ms N --runs N [--poller anchor|adaptive]; prints `RESULT <json>` last.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { useWaitStrategy } from "../provider/wait/strategy";
import { installedPackage } from "../test/userProject/installedPackage";
import { anchorStrategy } from "./anchorStrategy";
import { benchEmulator, countByAction, dealPolls, overshootMs } from "./emulator";

/** What one create cost and how late it noticed its deal. */
export interface CreateRun {
  run: number;
  warm: boolean;
  overshootMs: number | undefined;
  dealPolls: number;
  apiCalls: number;
  byAction: Record<string, number>;
  wallMs: number;
}

interface Provider {
  create(inputs: Record<string, unknown>): Promise<unknown>;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string): number => Number(argv[argv.indexOf(name) + 1]);
  const delayMs = arg("--delay-ms");
  const runs = arg("--runs");
  const poller = argv[argv.indexOf("--poller") + 1] === "anchor" ? "anchor" : "adaptive";
  // The installed package and this copy share process state (globalThis), so the strategy set here is the one it uses.
  if (poller === "anchor") useWaitStrategy(anchorStrategy);
  const emu = await benchEmulator(`single-${poller}-${delayMs}`, { dealDelayMs: delayMs });
  Object.assign(process.env, emu.env);
  // The provider keeps its wait history in the current directory: a fresh one makes the first run cold.
  const cwd = path.join(path.dirname(emu.dataDir), "cwd");
  fs.mkdirSync(cwd, { recursive: true });
  process.chdir(cwd);
  const entry = require.resolve("pulumi-tencentcloud-redis/runtime", { paths: [installedPackage().template] });
  const runtime = require(entry) as { providers: Record<string, Provider> };
  const instance = runtime.providers.instance as Provider;
  const results: CreateRun[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const warm = fs.existsSync(path.join(cwd, ".pulumi-tencentcloud-redis", "wait-stats.json"));
      await emu.clearCalls();
      const t0 = Date.now();
      await instance.create({ zoneId: 100002, typeId: 2, memSize: 1024, period: 1, password: "BenchPass01" });
      const wallMs = Date.now() - t0;
      const calls = await emu.calls();
      const deals = await emu.deals();
      const deal = deals[deals.length - 1];
      if (!deal) throw new Error("no deal was made");
      results.push({
        run,
        warm,
        overshootMs: overshootMs(calls, deal),
        dealPolls: dealPolls(calls, deal.dealId).length,
        apiCalls: calls.length,
        byAction: countByAction(calls),
        wallMs,
      });
    }
  } finally {
    await emu.stop();
  }
  process.stdout.write(`RESULT ${JSON.stringify(results)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
