import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp } from "./cli";
import { countByAction, type EmulatorFixture, startFixture } from "./emulatorFixture";

interface EmuBackup {
  backupId: string;
  redisId: string;
  remark: string;
}

/**
 * Review item 8: two Backups of one instance made in one `pulumi up` (created concurrently by the engine) record two
 * distinct backupIds, each with its own remark, also when the remarks are the same. The backup task takes 1.5 s, so
 * the second ManualBackupInstance (refused with 10707 while the first runs) starts seconds after the first.
 */
describe("two Backups of one instance in one program", () => {
  let fx: EmulatorFixture;
  let base: StackOptions;
  const config: Record<string, string> = {};
  const run = (op: string) =>
    stackOp(op, { ...base, config: { ...config }, secretConfig: { redisPassword: "Pair4Pulumi!1" } });
  const backups = async () => (await fx.control<{ backups: EmuBackup[] }>("/_emulator/state")).backups;

  beforeAll(async () => {
    fx = await startFixture({ taskDelayMs: 1500 });
    base = { program: path.join(REPO, "test/e2e/programs/backupPair.ts"), dir: stackDir("backup-pair"), env: fx.env };
  });
  afterAll(async () => {
    await fx?.stop();
  });

  for (const [remarkA, remarkB] of [
    ["pair-a", "pair-b"],
    ["pair-same", "pair-same"],
  ] as const) {
    it(`records two distinct backups, each with its remark (${remarkA}, ${remarkB})`, async () => {
      Object.assign(config, { remarkA, remarkB });
      await fx.clearCalls();
      const up = await run("up");
      expect(up.code, up.stderr + up.stdout).toBe(0);
      const outs = outputsOf(up);
      const a = String(outs.backupA);
      const b = String(outs.backupB);
      expect(a).not.toBe(b);
      expect(countByAction(await fx.calls()).ManualBackupInstance).toBe(2);
      const listed = await backups();
      expect(listed.find((x) => x.backupId === a)).toMatchObject({ redisId: outs.instanceId, remark: remarkA });
      expect(listed.find((x) => x.backupId === b)).toMatchObject({ redisId: outs.instanceId, remark: remarkB });
    });
  }
});
