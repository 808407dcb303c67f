import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countByAction } from "../e2e/emulatorFixture";
import { expectClean, type FaultStack, FaultWorld, SCENARIO_TIMEOUT_MS } from "./harness";

/**
 * Backup, refresh, restore and delete under a fault, on one stack (one instance, then a backup of it), in sequence:
 * each scenario starts from the converged end of the one before; the data written at the start must survive all but
 * the restore (which puts back the backup's data by design) and the delete.
 */
describe("fault suite: backup, refresh, restore, delete", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  const world = new FaultWorld("lifecycle");
  let s: FaultStack;

  beforeAll(async () => {
    await world.start({ dealDelayMs: 1500 });
    s = world.stack("life", { name: "life-0" }, { redisPassword: "Life0Pw!fault" });
    world.audit("setup", "");
    const up = await s.run("up");
    if (up.code !== 0) throw new Error(up.stdout + up.stderr);
    await world.writeData(s, "precious", "survives every fault");
  });
  afterAll(async () => {
    await world.stop();
  });

  it("setup: a backup to restore from later", () => {
    expect(s.stateIds().instances).toHaveLength(1);
  });

  it("backup × dropAfterCommit: one backup, in the state", async () => {
    const r = await world.scenario({
      name: "backup-drop",
      operation: "backup",
      fault: "dropAfterCommit",
      stack: s,
      buys: { create: 1 },
      backupRemark: "fault-snap",
      run: () =>
        world.faultedUp(
          s,
          { withBackup: "true", backupRemark: "fault-snap", exportBackup: "true" },
          { action: "ManualBackupInstance", kind: "dropAfterCommit" },
        ),
    });
    expectClean(r);
  });

  it("refresh × code6000 beyond the retries, then the emulator restarted: refresh + up converge", async () => {
    const r = await world.scenario({
      name: "refresh-6000-restart",
      operation: "refresh",
      fault: "code6000 ×10, emulator restart",
      stack: s,
      run: async () => {
        await world.fault({ action: "DescribeRedis", kind: "code6000", times: 10 });
        const ref = await s.run("refresh", { verbose: true });
        await world.fx.restart();
        const again = await s.run("refresh");
        return ref.code === 0 && again.code === 0 ? "succeeded" : "failed";
      },
    });
    expectClean(r);
  });

  it("restore × dropAfterCommit: restored once, the state records it", async () => {
    const [backupId] = s.stateIds().backups;
    expect(backupId).toMatch(/.+/);
    const [id] = s.stateIds().instances;
    await world.fx.clearCalls();
    const r = await world.scenario({
      name: "restore-drop",
      operation: "restore",
      fault: "dropAfterCommit",
      stack: s,
      dataChangesByDesign: true,
      run: () => {
        world.forgetData(String(id));
        return world.faultedUp(
          s,
          { restoreBackupId: String(backupId) },
          { action: "RestoreInstance", kind: "dropAfterCommit" },
        );
      },
    });
    expectClean(r);
    // A second restore would lose what was written after the first: the lost answer is resolved from the task list.
    expect(countByAction(await world.fx.calls()).RestoreInstance).toBe(1);
  });

  it("delete × http500 on every SetRedisAutoRenew: destroy fails, the next destroy releases", async () => {
    s.config.withBackup = "false";
    const r = await world.scenario({
      name: "delete-http500",
      operation: "delete",
      fault: "http500 ×10",
      stack: s,
      destroys: true,
      dataChangesByDesign: true,
      run: async () => {
        await world.fault({ action: "SetRedisAutoRenew", kind: "http500", times: 10 });
        const d = await s.run("destroy", { verbose: true });
        return d.code === 0 ? "succeeded" : "failed";
      },
    });
    expectClean(r);
    const st = await world.emuState();
    expect(st.instances.every((i) => i.autoRenew === 2)).toBe(true);
  });
});
