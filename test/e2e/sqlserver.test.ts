import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp } from "./cli";
import { countByAction, type EmulatorFixture, startFixture } from "./emulatorFixture";

interface EmuFlow {
  flowId: number;
  instanceId: string;
  strategy: number;
  dbNames: string[];
}

describe("sqlserver.Backup with the real Pulumi CLI against the emulator", () => {
  let fx: EmulatorFixture;
  const program = path.join(REPO, "test/e2e/programs/sqlserver.ts");
  const run = (op: string, dir: string, config: Record<string, string>) =>
    stackOp(op, { program, dir, env: fx.env, config } satisfies StackOptions);
  const flows = async () => (await fx.control<{ flows: EmuFlow[] }>("/_emulator/state")).flows;

  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("strategy 0 backs up the whole instance and waits for the flow", async () => {
    await fx.clearCalls();
    const up = await run("up", stackDir("sqlserver-s0"), { strategy: "0" });
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const outs = outputsOf(up);
    expect(outs).toMatchObject({ status: "succeeded", strategy: 0 });
    expect(typeof outs.flowId).toBe("number");
    expect(await flows()).toEqual([
      expect.objectContaining({ flowId: outs.flowId, instanceId: "mssql-e2e0001", strategy: 0 }),
    ]);
    const calls = countByAction(await fx.calls());
    expect(calls.CreateBackup).toBe(1);
    expect(calls.DescribeFlowStatus).toBeGreaterThanOrEqual(1);
    console.log("sqlserver backup calls:", JSON.stringify(calls));
  });

  it("strategy 1 with dbNames backs up those databases", async () => {
    const up = await run("up", stackDir("sqlserver-s1"), { strategy: "1", dbNames: "db1,db2" });
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const outs = outputsOf(up);
    expect(outs).toMatchObject({ status: "succeeded", strategy: 1 });
    expect((await flows()).find((f) => f.flowId === outs.flowId)).toMatchObject({
      strategy: 1,
      dbNames: ["db1", "db2"],
    });
  });

  it("preview refuses strategy 1 without dbNames, with the rule in the message, and calls nothing", async () => {
    await fx.clearCalls();
    const pre = await run("preview", stackDir("sqlserver-bad1"), { strategy: "1" });
    expect(pre.code).not.toBe(0);
    expect(pre.stdout + pre.stderr).toContain("strategy 1 (multi-database backup) needs dbNames");
    expect(countByAction(await fx.calls()).CreateBackup).toBeUndefined();
  });

  it("preview refuses dbNames with strategy 0", async () => {
    const pre = await run("preview", stackDir("sqlserver-bad0"), { strategy: "0", dbNames: "db1" });
    expect(pre.code).not.toBe(0);
    expect(pre.stdout + pre.stderr).toContain("dbNames is only for strategy 1");
  });
});
