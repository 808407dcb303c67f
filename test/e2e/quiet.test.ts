import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, type StackOptions, stackDir, stackOp } from "./cli";
import { type EmulatorFixture, startFixture } from "./emulatorFixture";

/** A request trace line of the API client (`[crs] DescribeRedis HTTP 200 in 16ms`). */
const TRACE = /\b[A-Z][A-Za-z]+ HTTP \d{3} in \d+ ?ms/;

/** The provider's lines in the run's summary ("Diagnostics:"), where the CLI lists each message once. */
function providerLines(stdout: string): string[] {
  const summary = stdout.slice(stdout.indexOf("\nDiagnostics:"));
  return summary
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("[tencentcloud-redis]"));
}

/**
 * Issue 13 item 3: at default verbosity a user sees, per resource, one line when an order or task is placed and one
 * when it ends, each naming the resource; request traces only when asked for.
 */
describe("quiet by default, request traces on demand", () => {
  let fx: EmulatorFixture;
  let base: StackOptions;
  beforeAll(async () => {
    fx = await startFixture({ dealDelayMs: 800, taskDelayMs: 300 });
    base = {
      program: path.join(REPO, "test/e2e/programs/instance.ts"),
      dir: stackDir("quiet"),
      env: fx.env,
      config: { withBackup: "true", name: "quiet-cache" },
      secretConfig: { redisPassword: "Qu1et#ByDefault" },
    };
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("one create of an instance and its backup: its price, then two lines per resource, no request trace", async () => {
    const up = await stackOp("up", base);
    expect(up.code, up.stderr).toBe(0);
    expect(`${up.stdout}\n${up.stderr}`).not.toMatch(TRACE);
    const lines = providerLines(up.stdout);
    expect(lines, up.stdout).toHaveLength(5);
    expect(lines[0]).toMatch(/^\[tencentcloud-redis\] cache: price: buy 1 month: ¥[\d.]+; plan total so far/);
    expect(lines[1]).toMatch(/^\[tencentcloud-redis\] cache: ordered 1024 MB .* deal \d+$/);
    expect(lines[2]).toMatch(/^\[tencentcloud-redis\] cache: deal \d+ \(create instance\) delivered after [\d.]+ s$/);
    expect(lines[3]).toMatch(/^\[tencentcloud-redis\] snap: backing up crs-\w+/);
    expect(lines[4]).toMatch(/^\[tencentcloud-redis\] snap: task \d+ \(backup of crs-\w+\) finished after [\d.]+ s$/);
  }, 200_000);

  it("a refresh prints nothing at default verbosity; TENCENTCLOUD_REDIS_LOG=debug and -v show the requests", async () => {
    const quiet = await stackOp("refresh", base);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(`${quiet.stdout}\n${quiet.stderr}`).not.toMatch(TRACE);
    expect(providerLines(quiet.stdout)).toEqual([]);

    const debug = await stackOp("refresh", { ...base, env: { ...fx.env, TENCENTCLOUD_REDIS_LOG: "debug" } });
    expect(debug.code, debug.stderr).toBe(0);
    expect(debug.stdout).toMatch(/DescribeRedis HTTP 200 in \d+ ?ms/);

    // `-v=N --logflow` hands the verbosity to the plugins, where the provider reads it.
    const verbose = await stackOp("refresh", { ...base, verbose: true });
    expect(verbose.code).toBe(0);
    expect(`${verbose.stdout}\n${verbose.stderr}`).toMatch(/DescribeRedis HTTP 200 in \d+ ?ms/);
  }, 200_000);
});
