import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killStrayPlugins, outputsOf, REPO, type StackOptions, stackDir, stackOp, startStackOp } from "./cli";
import { countByAction, type EmulatorFixture, startFixture } from "./emulatorFixture";

/** Waits for a condition by polling it (no fixed sleeps): the emulator's call log is the clock here. */
async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("never buy twice: `pulumi up` killed while it waits for the order", () => {
  let fx: EmulatorFixture;
  let opts: StackOptions;

  beforeAll(async () => {
    // A slow order, so the kill lands in the middle of the wait for DescribeRedisDealDetail.
    fx = await startFixture({ dealDelayMs: 6000 });
    opts = {
      program: path.join(REPO, "test/e2e/programs/instance.ts"),
      dir: stackDir("kill"),
      env: fx.env,
      config: { name: "kill-test" },
      secretConfig: { redisPassword: "Kill9Safe!pw" },
    };
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("the next up adopts the instance the killed run bought", async () => {
    const { child, done } = await startStackOp("up", opts);
    await until("CreateRedis to be accepted", async () =>
      (await fx.calls()).some((c) => c.action === "CreateRedis" && c.code === 0),
    );
    await until("the wait on the order", async () =>
      (await fx.calls()).some((c) => c.action === "DescribeRedisDealDetail"),
    );
    process.kill(-(child.pid as number), "SIGKILL"); // the whole process group: runner, CLI, dynamic provider
    const killed = await done;
    expect(killed.signal).toBe("SIGKILL");
    // The CLI starts the provider plugin in a process group of its own, which the kill above does not reach; a
    // cancelled CI job loses it with its container, so do the same here rather than race it.
    killStrayPlugins(opts.dir);

    // What a user does after a killed run: release the lock it left, then up again.
    const cancel = await stackOp("cancel", opts);
    expect(cancel.code, cancel.stderr).toBe(0);
    const again = await stackOp("up", opts);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const outs = outputsOf(again);
    const calls = countByAction(await fx.calls());
    const { instances } = await fx.control<{ instances: { redisId: string; redisName: string }[] }>("/_emulator/state");
    expect(calls.CreateRedis).toBe(1);
    expect(instances).toHaveLength(1);
    expect(outs.instanceId).toBe(instances[0]?.redisId);
    expect(instances[0]?.redisName).toBe("kill-test");

    const third = await stackOp("up", opts);
    expect(third.code, third.stderr).toBe(0);
    expect(countByAction(await fx.calls()).CreateRedis).toBe(1);
  });
});
