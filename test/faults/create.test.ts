import { afterAll, beforeAll, describe, it } from "vitest";
import { startStackOp } from "../e2e/cli";
import { expectClean, type FaultStack, FaultWorld, SCENARIO_TIMEOUT_MS, until } from "./harness";

/**
 * Create under every fault that can lose a purchase: the answer lost after the order was committed, a reset before
 * it, latency beyond the client timeout, the `pulumi` process killed mid-wait, the cloud restarted mid-wait (HTTP
 * 500 and code 6000 on a purchase are definite refusals: covered on other operations and at the client). Each scenario has its own stack (one instance each) on one emulator, run one after the other so the
 * purchase counts stay attributable.
 */
describe("fault suite: create", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  const world = new FaultWorld("create");
  let n = 0;
  const fresh = (name: string): FaultStack =>
    world.stack(name, { name: `fault-${name}` }, { redisPassword: `Create${++n}Pw!fault` });

  beforeAll(async () => {
    // A slow order, so kills and restarts land inside the wait for DescribeRedisDealDetail.
    await world.start({ dealDelayMs: 2500 });
  });
  afterAll(async () => {
    await world.stop();
  });

  it.each([
    ["dropAfterCommit", { kind: "dropAfterCommit" }],
    ["reset", { kind: "reset" }],
    ["latency > client timeout", { kind: "latency", latencyMs: 4500 }],
  ])("create × %s: one purchase, adopted or bought exactly once", async (fault, spec) => {
    const s = fresh(fault.replace(/[^a-z0-9]/gi, "").toLowerCase());
    const r = await world.scenario({
      name: `create-${fault}`,
      operation: "create",
      fault,
      stack: s,
      buys: { create: 1 },
      expectOutputs: { name: s.config.name, memSize: 1024, status: 2 },
      run: () => world.faultedUp(s, {}, { action: "CreateRedis", ...spec }),
    });
    expectClean(r);
    await world.writeData(s, "before-next-fault", fault);
  });

  it("create × pulumi killed mid-wait: the next up adopts, never buys again", async () => {
    const s = fresh("kill");
    let strays = 0;
    const r = await world.scenario({
      name: "create-kill",
      operation: "create",
      fault: "SIGKILL mid-wait",
      stack: s,
      buys: { create: 1 },
      expectOutputs: { name: s.config.name, status: 2 },
      run: async () => {
        strays = await world.killMidWait(s, "DescribeRedisDealDetail");
        return "killed";
      },
    });
    // Cleanup, reported in RESULTS.md: the killed CLI leaves its provider plugin running.
    console.log(`provider plugins left running by the killed CLI: ${strays}`);
    expectClean(r);
  });

  it("create × emulator restarted mid-wait: data of earlier instances survives, one purchase", async () => {
    const s = fresh("restart");
    const r = await world.scenario({
      name: "create-restart",
      operation: "create",
      fault: "emulator restart mid-wait",
      stack: s,
      buys: { create: 1 },
      expectOutputs: { name: s.config.name, status: 2 },
      run: async () => {
        await world.fx.clearCalls();
        const { done } = await startStackOp("up", s.options({ verbose: true }));
        await until("the wait on the order", async () =>
          (await world.fx.calls()).some((c) => c.action === "DescribeRedisDealDetail"),
        );
        await world.fx.restart();
        const up = await done;
        world.audit("restart up (verbose)", `${up.stdout}\n${up.stderr}`);
        return up.code === 0 ? "succeeded" : "failed";
      },
    });
    expectClean(r);
  });
});
