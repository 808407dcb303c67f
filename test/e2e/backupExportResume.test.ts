import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp } from "./cli";
import { countByAction, type EmulatorFixture, startFixture } from "./emulatorFixture";

/**
 * Review items 6 and 7 with the plain Pulumi CLI: a cluster Backup with `export: true` whose ExportRedisBackup answer
 * is lost (the export ran) finishes without a second export; one whose URL fetch fails after a good export is
 * finished by the next `pulumi up` with the URL, not with another export (which the cloud refuses with 10711).
 */
describe("Backup export resumes instead of exporting again", () => {
  let fx: EmulatorFixture;
  const stacks: Record<string, StackOptions> = {};
  const config = (remark: string): Record<string, string> => ({
    typeId: "1",
    name: `e2e-resume-${remark}`,
    withBackup: "true",
    exportBackup: "true",
    backupRemark: remark,
  });
  const run = (name: string, op: string) =>
    stackOp(op, {
      ...(stacks[name] as StackOptions),
      config: config(name),
      secretConfig: { redisPassword: "Resume4Pulumi!1" },
    });
  const fault = (action: string, kind: string) => fx.control("/_emulator/faults", "POST", { action, kind, times: 1 });

  beforeAll(async () => {
    fx = await startFixture();
    for (const name of ["lost", "url"]) {
      stacks[name] = {
        program: path.join(REPO, "test/e2e/programs/backup.ts"),
        dir: stackDir(`resume-${name}`),
        env: fx.env,
      };
    }
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("a lost ExportRedisBackup answer: the up finds the export in the backup's status and finishes, exporting once", async () => {
    await fault("ExportRedisBackup", "dropAfterCommit");
    await fx.clearCalls();
    const up = await run("lost", "up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(outputsOf(up).downloadUrl).toBe("[secret]");
    expect(countByAction(await fx.calls())).toMatchObject({ ManualBackupInstance: 1, ExportRedisBackup: 1 });
  });

  it("a failed URL fetch after a good export: the next up fetches the URL, with no second export", async () => {
    await fault("GetBackupDownloadUrl", "missingField");
    await fx.clearCalls();
    const first = await run("url", "up");
    expect(first.code, "the URL fetch was made to fail").not.toBe(0);
    expect(countByAction(await fx.calls())).toMatchObject({ ManualBackupInstance: 1, ExportRedisBackup: 1 });
    await fx.clearCalls();
    const second = await run("url", "up");
    expect(second.code, second.stderr + second.stdout).toBe(0);
    expect(outputsOf(second).downloadUrl).toBe("[secret]");
    const calls = countByAction(await fx.calls());
    expect(calls.ExportRedisBackup, JSON.stringify(calls)).toBeUndefined();
    expect(calls.ManualBackupInstance).toBeUndefined();
    expect(calls.GetBackupDownloadUrl).toBe(1);
  });
});
