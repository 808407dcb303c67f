import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectFiles } from "../userProject/project";
import { outputsOf, type StackOptions, stackDir, stateFile } from "./cli";
import { type EmulatorFixture, SECRET_KEY, startFixture, writeCounts } from "./emulatorFixture";
import { pluginStack, succeeded } from "./pluginStack";
import { redisCommands } from "./redisClient";

/*
 * The plugin classes on the user's road: a TypeScript project outside the repo with the packed package installed
 * (`import * as redis from "pulumi-tencentcloud-redis/plugin"`), the plugin installed from its tarball into a fresh
 * PULUMI_HOME, plain `pulumi`. What the dynamic classes promise, the plugin classes keep, with property-level diffs.
 */

const PROGRAM = path.join(__dirname, "programs", "pluginClasses.ts");
const PASSWORD = "TsPlugin#2026";

describe("the plugin classes in a TypeScript program", () => {
  let fx: EmulatorFixture;
  let dir: string;
  const stack = pluginStack(() => fx, PROGRAM, PASSWORD);
  const run = (op: string, config: Record<string, string> = {}, extra: Partial<StackOptions> = {}) =>
    stack.run(dir, op, config, extra);
  const writes = async () => writeCounts(await fx.calls());
  const ok = succeeded;

  beforeAll(async () => {
    fx = await startFixture();
    dir = stackDir("ts-plugin");
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("previews without writing, then creates the instance and its backup once; Redis takes the password", async () => {
    const preview = ok(await run("preview", { memSize: "1024" }));
    expect(preview.stdout).toMatch(/\+ 3 to create/); // the stack, the instance, the backup
    expect(await writes()).toEqual({});
    const up = ok(await run("up"));
    expect(await writes()).toEqual({ CreateRedis: 1, ModifyRedisName: 1, ManualBackupInstance: 1 });
    const out = outputsOf(up);
    expect(out.instanceId).toMatch(/^crs-/);
    expect(out.password).toBe("[secret]");
    expect(out.zonesOnSale).toContain(100002);
    const state = JSON.parse(stateFile(dir)) as { checkpoint: { latest: { resources: { type: string }[] } } };
    expect(state.checkpoint.latest.resources.map((r) => r.type)).toEqual(
      expect.arrayContaining(["tencentcloud-redis:index:Instance", "tencentcloud-redis:index:Backup"]),
    );
    expect(await redisCommands(Number(out.port), String(out.host), [["AUTH", PASSWORD], ["PING"]])).toEqual([
      "OK",
      "PONG",
    ]);
  });

  it("a second up changes nothing and writes nothing", async () => {
    await fx.clearCalls();
    const up = ok(await run("up"));
    expect(up.stdout).toMatch(/3 unchanged/);
    expect(await writes()).toEqual({});
  });

  it("preview --diff shows the one changed property, and up makes exactly that change", async () => {
    await fx.clearCalls();
    const preview = ok(await run("preview", { memSize: "2048" }, { diff: true }));
    expect(preview.stdout).toMatch(/~ memSize\s*: 1024 => 2048/);
    expect(preview.stdout).toMatch(/~ 1 to update/);
    expect(preview.stdout).not.toMatch(/to replace/);
    const up = ok(await run("up"));
    expect(outputsOf(up).memSize).toBe(2048);
    expect(await writes()).toEqual({ UpgradeRedis: 1 });
  });

  it("leaves no secret in the project folder or the state, and destroy lets the instance lapse", async () => {
    for (const f of projectFiles({ dir, project: "tencentcloud-redis", stateDir: path.join(dir, "state") })) {
      const text = fs.readFileSync(f, "utf8");
      expect(text.includes(PASSWORD), f).toBe(false);
      expect(text.includes(SECRET_KEY), f).toBe(false);
    }
    await fx.clearCalls();
    ok(await run("destroy"));
    expect(await writes()).toEqual({ SetRedisAutoRenew: 1 });
  });
});
