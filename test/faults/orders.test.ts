import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputsOf } from "../e2e/cli";
import { countByAction } from "../e2e/emulatorFixture";
import { expectClean, type FaultStack, FaultWorld, SCENARIO_TIMEOUT_MS } from "./harness";

const DAY_MS = 24 * 3600_000;
const CST_MS = 8 * 3600_000;
const cstDate = (ms: number): string => new Date(ms + CST_MS).toISOString().slice(0, 10);

/**
 * Orders under the faults that used to buy twice: a renewal or an upgrade whose wait timed out (the next `up` must
 * wait for that deal, not order again), a create killed mid-wait whose journal is gone when the next `up` runs on a
 * new runner (it must stop and name the candidate, then adopt it). A plugin that outlives a killed `pulumi` is
 * covered where it can be made to happen (test/integration/redis/purchaseJournal.test.ts): here the plugin stops
 * with the CLI.
 */
describe("fault suite: orders (renew, upgrade, create on a fresh runner)", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  const world = new FaultWorld("orders");
  let s: FaultStack;
  let deadline = 0;
  const calls = async () => countByAction(await world.fx.calls());

  /**
   * Orders take 20 s and waits 3 s: the first `up` places the order and times out; the next, with quick orders
   * again but still 3 s, must wait for that deal without ordering (it may time out once more). Then waits get 60 s
   * for the harness's converging `up`.
   */
  const timedOutOrder = async (change: Record<string, string>): Promise<"failed"> => {
    await world.fx.delays({ dealDelayMs: 20_000 });
    Object.assign(s.config, change, { waitTimeoutSeconds: "3" });
    const up = await s.run("up", { verbose: true });
    expect(up.code, "the first up must time out").not.toBe(0);
    expect(up.stdout + up.stderr).toMatch(/next `pulumi up` waits for this deal/);
    await world.fx.delays({ dealDelayMs: 800 });
    const again = await s.run("up");
    if (again.code !== 0) expect(again.stdout + again.stderr).toMatch(/waits for this deal/);
    s.config.waitTimeoutSeconds = "60";
    return "failed";
  };

  beforeAll(async () => {
    await world.start({ dealDelayMs: 800 });
    s = world.stack("ord", { name: "ord-0" }, { redisPassword: "Orders0Pw!fault" });
    const up = await s.run("up");
    if (up.code !== 0) throw new Error(up.stdout + up.stderr);
    deadline = Date.parse(`${String(outputsOf(up).deadline).replace(" ", "T")}+08:00`);
    await world.writeData(s, "precious", "survives every order");
  });
  afterAll(async () => {
    await world.stop();
  });

  it("renew × wait timeout: the next up waits for the open deal; RenewRedis once", async () => {
    await world.fx.clearCalls();
    const r = await world.scenario({
      name: "renew-wait-timeout",
      operation: "renew",
      fault: "deal 20 s, waitTimeoutSeconds 3",
      stack: s,
      buys: { create: 1, renew: 1 },
      run: () => timedOutOrder({ paidThrough: cstDate(deadline + 45 * DAY_MS) }),
    });
    expectClean(r);
    expect((await calls()).RenewRedis).toBe(1);
  });

  it("upgrade × wait timeout: the next up waits for the open deal; UpgradeRedis once", async () => {
    await world.fx.clearCalls();
    const r = await world.scenario({
      name: "upgrade-wait-timeout",
      operation: "upgrade",
      fault: "deal 20 s, waitTimeoutSeconds 3",
      stack: s,
      buys: { upgrade: 1 },
      expectOutputs: { memSize: 2048 },
      run: () => timedOutOrder({ memSize: "2048" }),
    });
    expectClean(r);
    expect((await calls()).UpgradeRedis).toBe(1);
  });

  it("create × killed mid-wait, then a fresh runner (journal folder gone, new HOME): refused naming the candidate, adopted; CreateRedis once", async () => {
    const f = world.stack("fresh", { name: "fresh-runner" }, { redisPassword: "Fresh1Runner!pw" });
    let refusal = "";
    await world.fx.clearCalls();
    const r = await world.scenario({
      name: "create-kill-fresh-runner",
      operation: "create",
      fault: "SIGKILL mid-wait + journal deleted + new HOME",
      stack: f,
      buys: { create: 1 },
      expectOutputs: { name: "fresh-runner", status: 2 },
      run: async () => {
        await world.killMidWait(f, "DescribeRedisDealDetail");
        fs.rmSync(path.join(f.dir, ".pulumi-tencentcloud-redis"), { recursive: true, force: true });
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "fresh-home-"));
        const up = await f.run("up", { env: { ...world.env, HOME: home } });
        refusal = up.stdout + up.stderr;
        expect(up.code, "a fresh runner must not buy").not.toBe(0);
        const id = /adoptInstanceId: "(crs-[a-z0-9]+)"/.exec(refusal)?.[1];
        expect(id, refusal).toBeDefined();
        expect(refusal).toMatch(/ignoreInstanceIds/);
        expect((await calls()).CreateRedis).toBe(1);
        // The way on the error names: adopt it.
        f.config.adoptInstanceId = String(id);
        return "failed";
      },
    });
    expectClean(r);
    expect((await calls()).CreateRedis).toBe(1);
    expect(refusal).toMatch(/nothing was bought/);
  });
});
