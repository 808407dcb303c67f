import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp, stateFile } from "./cli";
import { countByAction, type EmulatorFixture, startFixture } from "./emulatorFixture";
import { redisCommands } from "./redisClient";

const PASSWORD = "Backup4Pulumi!1";

interface EmuBackup {
  backupId: string;
  redisId: string;
  remark: string;
  backupType: string;
  status: number;
}

/**
 * Backup, export, restore and final backup with the real Pulumi CLI against the emulator. The tests run in order on
 * one stack: data is written, backed up, exported, changed, restored, and the instance is destroyed with a final backup.
 */
describe("Backup with the real Pulumi CLI against the emulator", () => {
  let fx: EmulatorFixture;
  let base: StackOptions;
  const config: Record<string, string> = {};
  const run = (op: string) =>
    stackOp(op, { ...base, config: { ...config }, secretConfig: { redisPassword: PASSWORD } });
  const backups = async () => (await fx.control<{ backups: EmuBackup[] }>("/_emulator/state")).backups;
  /** Download tokens the emulator handed out; only its own state file holds them (the control hides them). */
  const downloadTokens = () =>
    Object.keys(
      (JSON.parse(fs.readFileSync(path.join(fx.dataDir, "state.json"), "utf8")) as { downloads: object }).downloads,
    );
  const redis = (commands: string[][]) => redisCommands(port, "127.0.0.1", [["AUTH", PASSWORD], ...commands]);
  let instanceId = "";
  let port = 0;
  let backupId = "";

  beforeAll(async () => {
    fx = await startFixture();
    base = { program: path.join(REPO, "test/e2e/programs/backup.ts"), dir: stackDir("backup"), env: fx.env };
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const outs = outputsOf(up);
    instanceId = String(outs.instanceId);
    port = Number(outs.port);
    expect(
      await redis([
        ["SET", "k1", "original-1"],
        ["SET", "k2", "original-2"],
      ]),
    ).toEqual(["OK", "OK", "OK"]);
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("takes one manual backup and outputs its id, status and type", async () => {
    config.withBackup = "true";
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const outs = outputsOf(up);
    backupId = String(outs.backupId);
    expect(backupId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outs).toMatchObject({ backupStatus: 2, backupType: "manualBackupInstance" });
    const calls = countByAction(await fx.calls());
    expect(calls.ManualBackupInstance).toBe(1);
    expect(calls.ExportRedisBackup).toBeUndefined();
    expect(await backups()).toEqual([
      expect.objectContaining({ backupId, redisId: instanceId, remark: "e2e", status: 2 }),
    ]);
    console.log("backup calls:", JSON.stringify(calls));
  });

  it("exports a standalone backup without ExportRedisBackup: a secret URL that serves the RDB file", async () => {
    config.exportBackup = "true";
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const outs = outputsOf(up);
    expect(outs.downloadUrl).toBe("[secret]");
    expect(outs.backupId).toBe(backupId); // export is an update, not a new backup
    const calls = countByAction(await fx.calls());
    expect(calls).toMatchObject({ GetBackupDownloadUrl: 1 });
    expect(calls.ExportRedisBackup).toBeUndefined();
    expect(calls.ManualBackupInstance).toBeUndefined();
    console.log("export calls:", JSON.stringify(calls));

    const tokens = downloadTokens();
    expect(tokens).toHaveLength(1);
    const token = tokens[0] as string;
    const onDisk = stateFile(base.dir);
    expect(onDisk).toContain(backupId);
    expect(onDisk).not.toContain(token);
    expect(onDisk).toContain("4dabf18193072939515e22adb298388d"); // the URL is kept as a Pulumi secret

    const res = await fetch(`${fx.emu.url}/_emulator/download/${token}/dump.rdb`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("REDIS");
    expect(bytes.includes(Buffer.from("original-1"))).toBe(true);
  });

  it("restores the backup over changed data: the original keys are back", async () => {
    expect(
      await redis([
        ["SET", "k1", "changed"],
        ["DEL", "k2"],
        ["SET", "k3", "new"],
      ]),
    ).toEqual(["OK", "OK", "1", "OK"]);
    config.restoreBackupId = backupId;
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const calls = countByAction(await fx.calls());
    expect(calls.RestoreInstance).toBe(1);
    expect(calls.ManualBackupInstance).toBeUndefined();
    console.log("restore calls:", JSON.stringify(calls));
    expect(
      await redis([
        ["GET", "k1"],
        ["GET", "k2"],
        ["EXISTS", "k3"],
      ]),
    ).toEqual(["OK", "original-1", "original-2", "0"]);
  });

  it("destroy with finalBackup takes one more backup of the instance", async () => {
    config.finalBackup = "true";
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const before = (await backups()).map((b) => b.backupId);
    await fx.clearCalls();
    const down = await run("destroy");
    expect(down.code, down.stderr + down.stdout).toBe(0);
    const calls = countByAction(await fx.calls());
    expect(calls.ManualBackupInstance).toBe(1);
    console.log("final backup calls:", JSON.stringify(calls));
    const fresh = (await backups()).filter((b) => !before.includes(b.backupId));
    expect(fresh).toEqual([expect.objectContaining({ redisId: instanceId, remark: "pulumi final backup", status: 2 })]);
  });
});
