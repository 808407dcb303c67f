import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp, stateFile } from "./cli";
import { countByAction, type EmulatorFixture, READ_ACTION, startFixture } from "./emulatorFixture";
import { redisCommands } from "./redisClient";

const PASSWORD = "Export4Pulumi!1";
const HOURS_13 = 13 * 3600_000;

/**
 * The cluster export path (ExportRedisBackup, then GetBackupDownloadUrl), a refresh 13 hours later that replaces the
 * lapsed URL, and a restoreBackupId of another instance refused at preview. Two stacks share one emulator: a cluster
 * with an exported backup, and a standalone instance that tries to restore from it.
 */
describe("Backup export of a cluster, URL refresh after 12 hours, foreign restore refused", () => {
  let fx: EmulatorFixture;
  let cluster: StackOptions;
  let other: StackOptions;
  const config: Record<string, string> = {
    typeId: "1",
    name: "e2e-cluster",
    withBackup: "true",
    exportBackup: "true",
    backupRemark: "cluster-export",
  };
  const otherConfig: Record<string, string> = { name: "e2e-other" };
  const secretConfig = { redisPassword: PASSWORD };
  const runCluster = (op: string, env: Record<string, string> = {}) =>
    stackOp(op, { ...cluster, env: { ...fx.env, ...env }, config: { ...config }, secretConfig });
  const runOther = (op: string, extra: Partial<StackOptions> = {}) =>
    stackOp(op, { ...other, config: { ...otherConfig }, secretConfig, ...extra });
  /** Download tokens the emulator handed out (only its own state file holds them). */
  const tokens = () =>
    Object.keys(
      (JSON.parse(fs.readFileSync(path.join(fx.dataDir, "state.json"), "utf8")) as { downloads: object }).downloads,
    );
  const download = (token: string) => fetch(`${fx.emu.url}/_emulator/download/${token}/dump.rdb`);
  let backupId = "";

  beforeAll(async () => {
    fx = await startFixture();
    cluster = { program: path.join(REPO, "test/e2e/programs/backup.ts"), dir: stackDir("export"), env: fx.env };
    other = { program: path.join(REPO, "test/e2e/programs/backup.ts"), dir: stackDir("other"), env: fx.env };
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("exports a cluster backup with ExportRedisBackup and returns a secret URL serving the data", async () => {
    const create = await stackOp("up", {
      ...cluster,
      config: { ...config, withBackup: "false" },
      secretConfig,
    });
    expect(create.code, create.stderr + create.stdout).toBe(0);
    const port = Number(outputsOf(create).port);
    expect(
      await redisCommands(port, "127.0.0.1", [
        ["AUTH", PASSWORD],
        ["SET", "shard-key", "cluster-data"],
      ]),
    ).toEqual(["OK", "OK"]);
    await fx.clearCalls();
    const up = await runCluster("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const outs = outputsOf(up);
    backupId = String(outs.backupId);
    expect(outs.downloadUrl).toBe("[secret]");
    const calls = countByAction(await fx.calls());
    expect(calls).toMatchObject({ ManualBackupInstance: 1, ExportRedisBackup: 1, GetBackupDownloadUrl: 1 });
    console.log("cluster backup + export calls:", JSON.stringify(calls));
    const [token] = tokens();
    expect(tokens()).toHaveLength(1);
    expect(stateFile(cluster.dir)).not.toContain(String(token));
    const res = await download(String(token));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).includes(Buffer.from("cluster-data"))).toBe(true);
  });

  it("refuses at preview a restoreBackupId that belongs to another instance, and changes nothing", async () => {
    const up = await runOther("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const otherId = String(outputsOf(up).instanceId);
    otherConfig.restoreBackupId = backupId;
    await fx.clearCalls();
    const pre = await runOther("preview");
    expect(pre.code).not.toBe(0);
    const text = pre.stdout + pre.stderr;
    expect(text).toContain(`restoreBackupId ${backupId} is not a backup of instance ${otherId}`);
    expect(text).toContain("restores an instance only from its own backups");
    const calls = countByAction(await fx.calls());
    expect(Object.keys(calls).filter((a) => !READ_ACTION.test(a))).toEqual([]);
    expect(calls.GetRedisBackupList).toBeGreaterThanOrEqual(1);
    delete otherConfig.restoreBackupId;
  });

  it("a refresh 13 hours later replaces the lapsed URL; the new one works, the old one is refused", async () => {
    const [oldToken] = tokens();
    await fx.control("/_emulator/clock", "POST", { advanceMs: HOURS_13 });
    expect((await download(String(oldToken))).status).toBe(403);
    await fx.clearCalls();
    // The provider process runs 13 hours later too (its clock shifted by a preload), as a run next day would.
    const later = {
      NODE_OPTIONS: `--require ${path.join(REPO, "test/e2e/shiftedClock.cjs")}`,
      E2E_CLOCK_OFFSET_MS: String(HOURS_13),
    };
    const refresh = await runCluster("refresh", later);
    expect(refresh.code, refresh.stderr + refresh.stdout).toBe(0);
    expect(countByAction(await fx.calls())).toMatchObject({ GetBackupDownloadUrl: 1 });
    const fresh = tokens().filter((t) => t !== oldToken);
    expect(fresh).toHaveLength(1);
    expect((await download(String(fresh[0]))).status).toBe(200);
    expect(stateFile(cluster.dir)).not.toContain(String(fresh[0]));
    // A refresh within the URL's lifetime keeps it and calls nothing more.
    await fx.clearCalls();
    const again = await runCluster("refresh", later);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(countByAction(await fx.calls()).GetBackupDownloadUrl).toBeUndefined();
  });
});
