import { afterAll, beforeAll, describe, it } from "vitest";
import { outputsOf } from "../e2e/cli";
import { expectClean, type FaultStack, FaultWorld, SCENARIO_TIMEOUT_MS } from "./harness";

/**
 * Every kind of update under a fault, on one stack (one instance), in sequence: each scenario starts from the
 * converged end of the one before, and the data written to Redis at the start must survive all of them.
 */
describe("fault suite: updates (rename, password, projectId, autoRenew, renew, upgrade)", {
  timeout: SCENARIO_TIMEOUT_MS,
}, () => {
  const world = new FaultWorld("update");
  let s: FaultStack;
  let deadline = "";

  beforeAll(async () => {
    await world.start({ dealDelayMs: 1500 });
    s = world.stack("upd", { name: "upd-0" }, { redisPassword: "Update0Pw!fault" });
    world.audit("setup", "");
    const up = await s.run("up");
    if (up.code !== 0) throw new Error(up.stdout + up.stderr);
    deadline = String(outputsOf(up).deadline);
    await world.writeData(s, "precious", "survives every fault");
  });
  afterAll(async () => {
    await world.stop();
  });

  // The one instance was bought in beforeAll: every scenario plans it.
  const buys = (more: Partial<Record<"create" | "renew" | "upgrade", number>> = {}) => more;

  it("rename × http500 (twice): retried, renamed once", async () => {
    const r = await world.scenario({
      name: "rename-http500",
      operation: "rename",
      fault: "http500 ×2",
      stack: s,
      buys: buys({ create: 1 }),
      expectOutputs: { name: "upd-1" },
      run: () => world.faultedUp(s, { name: "upd-1" }, { action: "ModifyRedisName", kind: "http500", times: 2 }),
    });
    expectClean(r);
  });

  it("password × dropAfterCommit: the retry meets 10502 and resets to the declared password", async () => {
    const r = await world.scenario({
      name: "password-drop",
      operation: "password",
      fault: "dropAfterCommit",
      stack: s,
      run: async () => {
        s.secretConfig.redisPassword = "Upd1Pw!rotated";
        return world.faultedUp(s, {}, { action: "ModfiyRedisPassword", kind: "dropAfterCommit" });
      },
    });
    expectClean(r);
  });

  it("projectId × connection reset: retried", async () => {
    const r = await world.scenario({
      name: "projectId-reset",
      operation: "projectId",
      fault: "reset",
      stack: s,
      run: () => world.faultedUp(s, { projectId: "7" }, { action: "ModifyRedisProject", kind: "reset" }),
    });
    expectClean(r);
  });

  it("autoRenew × 10707 locked (twice): retried", async () => {
    const r = await world.scenario({
      name: "autoRenew-10707",
      operation: "autoRenew",
      fault: "locked10707 ×2",
      stack: s,
      run: () => world.faultedUp(s, { autoRenew: "1" }, { action: "SetRedisAutoRenew", kind: "locked10707", times: 2 }),
    });
    expectClean(r);
  });

  it("renew × 4400 throttled: the refused purchase is tried again; one renewal in all", async () => {
    const d = new Date(`${deadline.slice(0, 10)}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + 1);
    const r = await world.scenario({
      name: "renew-4400",
      operation: "renew",
      fault: "throttle4400",
      stack: s,
      buys: { renew: 1 },
      run: () =>
        world.faultedUp(
          s,
          { paidThrough: d.toISOString().slice(0, 10) },
          { action: "RenewRedis", kind: "throttle4400" },
        ),
    });
    expectClean(r);
  });

  it("upgrade × pulumi killed mid-wait: the next up does not buy the upgrade again", async () => {
    let strays = 0;
    const r = await world.scenario({
      name: "upgrade-kill",
      operation: "upgrade",
      fault: "SIGKILL mid-wait",
      stack: s,
      buys: { upgrade: 1 },
      expectOutputs: { memSize: 2048 },
      run: async () => {
        s.config.memSize = "2048";
        strays = await world.killMidWait(s, "DescribeRedisDealDetail");
        return "killed";
      },
    });
    // Cleanup, reported in RESULTS.md: the killed CLI leaves its provider plugin running.
    console.log(`provider plugins left running by the killed CLI: ${strays}`);
    expectClean(r);
  });

  it("upgrade × latency beyond the client timeout: the purchase is found, not bought twice", async () => {
    const r = await world.scenario({
      name: "upgrade-latency",
      operation: "upgrade",
      fault: "latency > client timeout",
      stack: s,
      buys: { upgrade: 1 },
      expectOutputs: { memSize: 4096 },
      run: () => world.faultedUp(s, { memSize: "4096" }, { action: "UpgradeRedis", kind: "latency", latencyMs: 4500 }),
    });
    expectClean(r);
  });
});
