import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../provider/api";
import { ZONES } from "../emulator/catalog";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp } from "./cli";
import { countByAction, type EmulatorFixture, startFixture } from "./emulatorFixture";
import { outsideClient } from "./outOfBand";

const PASSWORD = "Catalog4Pulumi!1";

interface EmuBackup {
  backupId: string;
  redisId: string;
}
interface EmuTask {
  redisId: string;
  taskName: string;
}
interface StateResource {
  type: string;
  urn: string;
  outputs?: Record<string, unknown>;
}

/**
 * The catalogue's rules at preview, a refresh of Backups through DescribeInstanceBackups, and the functions a program
 * calls, with the real Pulumi CLI in a user's project against the emulator. The tests run in order on one stack.
 */
describe("catalogue, Backup refresh and functions with the real Pulumi CLI", () => {
  let fx: EmulatorFixture;
  let base: StackOptions;
  const config: Record<string, string> = {};
  const run = (op: string) =>
    stackOp(op, { ...base, config: { ...config }, secretConfig: { redisPassword: PASSWORD } });
  const writes = async () =>
    Object.keys(countByAction(await fx.calls())).filter((a) => !/^(Describe|Get|Inquiry)/.test(a));
  /** The Backup resources' outputs in the stack's state, by URN. */
  const backupOutputs = async () => {
    const exported = await run("export");
    expect(exported.code, exported.stderr).toBe(0);
    const deployment = JSON.parse(exported.stdout) as { deployment: { resources: StateResource[] } };
    return Object.fromEntries(
      deployment.deployment.resources.filter((r) => r.type.endsWith(":Backup")).map((r) => [r.urn, r.outputs]),
    );
  };
  let outs: Record<string, unknown> = {};

  beforeAll(async () => {
    fx = await startFixture();
    base = { program: path.join(REPO, "test/e2e/programs/catalogue.ts"), dir: stackDir("catalogue"), env: fx.env };
  });
  afterAll(async () => {
    await api.closePools();
    await fx?.stop();
  });

  it("refuses at preview a size the catalogue does not sell (the static rule allows it), writing nothing", async () => {
    // Hong Kong Zone 1 sells standalone up to 40960 MB; the documents' default range goes to 61440.
    Object.assign(config, { zoneId: "300001", memSize: "51200" });
    const pre = await run("preview");
    expect(pre.code).not.toBe(0);
    const text = pre.stdout + pre.stderr;
    expect(text).toContain("memSize 51200 MB is not sold for typeId 2 (Standalone) in zone 300001");
    expect(text).toContain(
      "the catalogue (DescribeRedisProduct) sells [1024, 40960] MB there (rule from the catalogue)",
    );
    const calls = countByAction(await fx.calls());
    expect(calls).toMatchObject({ DescribeRedisProduct: 1, DescribeRedisZones: 1 });
    expect(await writes()).toEqual([]);
  });

  it("up with two Backups: the functions' outputs match the emulator", async () => {
    Object.assign(config, { zoneId: "100002", memSize: "1024", withBackups: "true", withFunctions: "true" });
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    outs = outputsOf(up);
    const instanceId = String(outs.instanceId);
    expect(outs.zones).toEqual(ZONES.map((z) => ({ zoneId: z.zoneId, name: z.name })));
    const products = outs.products as { types: Record<string, { minMemSize: number; maxMemSize: number }> }[];
    expect(products).toHaveLength(1);
    expect(Object.keys(products[0]?.types ?? {})).toEqual(["2"]);
    expect(products[0]?.types["2"]).toMatchObject({ minMemSize: 1024, maxMemSize: 40960 });
    // The document's example: a 1 GB cluster for 2 months costs 16000 (0.01 CNY).
    expect(outs.buyPrice).toBe(16000);
    const direct = await api.upgradeRedisInquiryPrice(outsideClient(fx), { redisId: instanceId, memSize: 2048 });
    expect(outs.upgradePrice).toBe(direct.price);
    expect(outs.instances).toEqual([{ redisId: instanceId, redisName: "e2e-catalogue" }]);

    const state = await fx.control<{ backups: EmuBackup[]; tasks: EmuTask[] }>("/_emulator/state");
    const emuBackups = state.backups.filter((b) => b.redisId === instanceId).map((b) => b.backupId);
    const listed = outs.backups as { backupId: string; status: number; remark: string }[];
    expect(listed.map((b) => b.backupId).sort()).toEqual([...emuBackups].sort());
    expect(listed.map((b) => b.backupId).sort()).toEqual([String(outs.firstId), String(outs.secondId)].sort());
    expect(listed.map((b) => b.remark).sort()).toEqual(["first", "second"]);

    const emuTasks = state.tasks.filter((t) => t.redisId === instanceId && t.taskName === "backupInstance");
    expect(emuTasks).toHaveLength(2);
    const tasks = outs.tasks as { redisId: string; taskName: string; status: number }[];
    expect(tasks).toHaveLength(2);
    for (const t of tasks) expect(t).toMatchObject({ redisId: instanceId, taskName: "backupInstance", status: 2 });
  });

  it("refresh reads both Backups with one DescribeInstanceBackups, and their outputs stay as they were", async () => {
    const before = await backupOutputs();
    expect(Object.keys(before)).toHaveLength(2);
    for (const o of Object.values(before)) expect(o).toMatchObject({ status: 2, backupType: "manualBackupInstance" });
    await fx.clearCalls();
    const ref = await run("refresh");
    expect(ref.code, ref.stderr + ref.stdout).toBe(0);
    const calls = countByAction(await fx.calls());
    expect(calls.DescribeInstanceBackups).toBe(1);
    expect(calls.GetRedisBackupList).toBeUndefined();
    expect(await backupOutputs()).toEqual(before);
    expect(ref.stdout).toMatch(/4 unchanged/); // the stack, the Instance, two Backups
  });
});
