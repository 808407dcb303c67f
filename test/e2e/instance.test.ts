import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp, stateFile } from "./cli";
import {
  countByAction,
  type EmulatorFixture,
  emulatorInstances,
  READ_ACTION,
  SECRET_KEY,
  startFixture,
} from "./emulatorFixture";
import { ModifyRedisName } from "./outOfBand";
import { redisCommands } from "./redisClient";

const PASSWORD_1 = "Redis4Pulumi!1";
const PASSWORD_2 = "Rotated#Pass22";

describe("Instance with the real Pulumi CLI against the emulator", () => {
  let fx: EmulatorFixture;
  let base: StackOptions;
  const config: Record<string, string> = { name: "e2e-cache" };
  const secretConfig: Record<string, string> = { redisPassword: PASSWORD_1 };
  const run = (op: string, extra: Partial<StackOptions> = {}) =>
    stackOp(op, { ...base, config: { ...config }, secretConfig: { ...secretConfig }, ...extra });
  const instances = () => emulatorInstances(fx);
  let instanceId = "";
  let port = 0;

  beforeAll(async () => {
    fx = await startFixture();
    base = { program: path.join(REPO, "test/e2e/programs/instance.ts"), dir: stackDir("instance"), env: fx.env };
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("previews a create without calling the cloud's write actions", async () => {
    const pre = await run("preview");
    expect(pre.code, pre.stderr + pre.stdout).toBe(0);
    expect(pre.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/tencentcloud-redis:Instance\s+cache\s+create/);
    expect(Object.keys(countByAction(await fx.calls())).filter((a) => !READ_ACTION.test(a))).toEqual([]);
  });

  it("creates the instance: one purchase, a running redis-server that takes the password", async () => {
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const outs = outputsOf(up);
    instanceId = String(outs.instanceId);
    port = Number(outs.port);
    expect(instanceId).toMatch(/^crs-/);
    expect(outs).toMatchObject({
      status: 2,
      name: "e2e-cache",
      host: "127.0.0.1",
      memSize: 1024,
      password: "[secret]",
    });
    const calls = countByAction(await fx.calls());
    expect(calls.CreateRedis).toBe(1);
    expect(calls.ModifyRedisName).toBe(1);
    expect(await instances()).toHaveLength(1);
    expect(
      await redisCommands(port, "127.0.0.1", [
        ["AUTH", PASSWORD_1],
        ["SET", "greeting", "hello"],
        ["GET", "greeting"],
      ]),
    ).toEqual(["OK", "OK", "hello"]);
    console.log("create calls:", JSON.stringify(calls));
  });

  it("keeps no password or SecretKey in plain text in the state file or `pulumi stack export`", async () => {
    const exp = await run("export");
    expect(exp.code, exp.stderr).toBe(0);
    const onDisk = stateFile(base.dir);
    for (const text of [exp.stdout, onDisk]) {
      expect(text).toContain(instanceId);
      expect(text).not.toContain(PASSWORD_1);
      expect(text).not.toContain(SECRET_KEY);
      expect(text).toContain("4dabf18193072939515e22adb298388d"); // Pulumi's secret marker: the password is ciphertext
    }
  });

  it("a second up changes nothing and calls no write action", async () => {
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/2 unchanged/);
    const writes = Object.keys(countByAction(await fx.calls())).filter((a) => !READ_ACTION.test(a));
    expect(writes).toEqual([]);
  });

  it("renames in place and the diff shows exactly the name", async () => {
    config.name = "e2e-renamed";
    const pre = await run("preview", { diff: true });
    expect(pre.code, pre.stderr).toBe(0);
    expect(pre.stdout).toMatch(/~ name\s*: "e2e-cache" => "e2e-renamed"/);
    expect(pre.stdout).not.toMatch(/~ (zoneId|memSize|password|projectId)/);
    expect(pre.stdout).not.toContain("replace");
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr).toBe(0);
    expect(countByAction(await fx.calls())).toMatchObject({ ModifyRedisName: 1 });
    expect((await instances())[0]?.redisName).toBe("e2e-renamed");
  });

  it("changes the password: the diff hides it, Redis takes only the new one, the data stays", async () => {
    secretConfig.redisPassword = PASSWORD_2;
    const pre = await run("preview", { diff: true });
    expect(pre.code, pre.stderr).toBe(0);
    // Dynamic providers cannot send a detailed diff, and the engine prints an unchanged-looking `[secret]` for a
    // changed secret; what a reviewer sees is an update of the instance that never shows either password.
    expect(pre.stdout).toMatch(/~ pulumi-nodejs:dynamic\/tencentcloud-redis:Instance: \(update\)/);
    expect(pre.stdout).toMatch(/password\s*: \[secret\]/);
    expect(pre.stdout).not.toContain(PASSWORD_2);
    expect(pre.stdout).not.toContain(PASSWORD_1);
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(up.stdout + up.stderr).not.toContain(PASSWORD_2);
    const [withNew, value] = await redisCommands(port, "127.0.0.1", [
      ["AUTH", PASSWORD_2],
      ["GET", "greeting"],
    ]);
    expect([withNew, value]).toEqual(["OK", "hello"]);
    const [withOld] = await redisCommands(port, "127.0.0.1", [["AUTH", PASSWORD_1]]);
    expect(withOld).toMatch(/WRONGPASS|invalid|ERR/i);
  });

  it("grows memSize in place with UpgradeRedis and refuses a shrink at preview", async () => {
    config.memSize = "2048";
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(outputsOf(up).memSize).toBe(2048);
    expect(countByAction(await fx.calls())).toMatchObject({ UpgradeRedis: 1 });
    expect((await instances())[0]?.memSize).toBe(2048);

    config.memSize = "1024";
    try {
      const pre = await run("preview");
      expect(pre.code).not.toBe(0);
      expect(pre.stdout + pre.stderr).toMatch(/memSize cannot shrink from 2048 to 1024 MB/);
    } finally {
      config.memSize = "2048";
    }
  });

  it("shows a replace when zoneId changes", async () => {
    config.zoneId = "200001";
    try {
      const pre = await run("preview", { diff: true });
      expect(pre.code, pre.stderr).toBe(0);
      expect(pre.stdout).toMatch(/\+-pulumi-nodejs:dynamic\/tencentcloud-redis:Instance: \(replace\)/);
      expect(pre.stdout).toMatch(/~ zoneId\s*: 100002 => 200001/);
      expect(pre.stdout).toContain("+-1 to replace");
    } finally {
      // Stack config persists between runs: put the old zone back explicitly, or the next up would replace.
      config.zoneId = "100002";
    }
  });

  it("refresh sees a rename made outside Pulumi", async () => {
    await ModifyRedisName(fx, instanceId, "renamed-by-hand");
    const ref = await run("refresh");
    expect(ref.code, ref.stderr).toBe(0);
    expect(ref.stdout).toMatch(/~\s*1 updated|1 updated/);
    const pre = await run("preview", { diff: true });
    expect(pre.stdout).toMatch(new RegExp(`~ name\\s*: "renamed-by-hand" => "${config.name}"`));
    const up = await run("up");
    expect(up.code, up.stderr).toBe(0);
    expect((await instances())[0]?.redisName, up.stdout + up.stderr).toBe(config.name);
  });

  it("destroy leaves the prepaid instance to lapse: auto-renew 2", async () => {
    const down = await run("destroy");
    expect(down.code, down.stderr + down.stdout).toBe(0);
    expect(down.stdout).toContain("deleted");
    const [inst] = await instances();
    expect(inst?.autoRenew).toBe(2);
  });
});
