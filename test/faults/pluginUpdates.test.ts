import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countByAction } from "../e2e/emulatorFixture";
import { expectClean, SCENARIO_TIMEOUT_MS } from "./harness";
import {
  type InstanceDecl,
  type PluginStack,
  type PluginWorld,
  resetPluginHostTable,
  sharedPluginHome,
  worldWithInstance,
} from "./pluginHarness";
import { resetResults } from "./results";
import { collectSecrets } from "./secretAudit";

const FILE = "pluginUpdates";

/**
 * The fault suite's other scenarios (update.test.ts's in-place updates and upgrade, lifecycle.test.ts's backup,
 * refresh, restore and delete, malformed.test.ts's CLI cases) on the provider plugin host: a YAML program run by the
 * plain `pulumi` CLI with `pulumi-resource-tencentcloud-redis` installed from its tarball (helpers in
 * pluginHarness.ts). Four worlds, each its own emulator, project and instance, run at the same time; inside a world the
 * scenarios run in sequence, each from the converged end of the one before, as in the dynamic suite, and the data
 * written to Redis at the start must survive every fault but the restore and the delete.
 *
 * Each scenario asserts: its fault fired (the emulator's fired record), orders placed in the call log and deals in
 * the emulator == declared (the setup's one create, plus the upgrade where there is one), the next `up` (or refresh
 * + up; `destroy` for the delete) converges and a preview then shows no change, the emulator's instances == the
 * state's, the data reads back, and no secret in the CLI's output, `stack export`, the project folder or the journal.
 */
// The rows of this file start afresh; the shared PULUMI_HOME (the plugin installed once) is made before any world.
resetResults(FILE);
resetPluginHostTable(FILE);
sharedPluginHome();

describe("fault suite: updates, backup, refresh, restore, delete on the plugin host (YAML program)", () => {
  /** A world (its own emulator) with one instance bought and a key written to its Redis. */
  const setUp = (label: string, decl: InstanceDecl, password: string) => worldWithInstance(FILE, label, decl, password);

  /** Changes the program, injects the fault, runs `up`; says how it ended (and keeps its output). */
  const faultedUp = async (
    world: PluginWorld,
    s: PluginStack,
    decl: InstanceDecl,
    fault: Parameters<PluginWorld["fault"]>[0],
  ): Promise<{ outcome: "succeeded" | "failed"; text: string }> => {
    s.program(decl);
    await world.fault(fault);
    const up = await s.run("up");
    return { outcome: up.code === 0 ? "succeeded" : "failed", text: `${up.stdout}\n${up.stderr}` };
  };

  // Each group is a suite of its own, run beside the others; its scenarios run in sequence.
  const inSequence = { concurrent: false, timeout: SCENARIO_TIMEOUT_MS };

  describe.concurrent("updates A: rename, password, projectId", () => {
    let world: PluginWorld;
    let s: PluginStack;
    const decl: InstanceDecl = { name: "plug-upd-a0" };
    beforeAll(async () => {
      ({ world, s } = await setUp("upd-a", decl, "PlugUpdA0!pw"));
    }, SCENARIO_TIMEOUT_MS);
    afterAll(async () => {
      await world?.stop();
    });

    it("rename × http500 (twice): retried, renamed once", inSequence, async () => {
      decl.name = "plug-upd-a1";
      const before = countByAction(await world.calls()).ModifyRedisName ?? 0;
      const r = await world.scenario({
        name: "plugin-rename-http500",
        operation: "rename",
        fault: "http500 ×2",
        stack: s,
        declared: { create: 1 },
        expectOutputs: { name: "plug-upd-a1" },
        run: async () =>
          (await faultedUp(world, s, decl, { action: "ModifyRedisName", kind: "http500", times: 2 })).outcome,
      });
      expectClean(r);
      // Two answers lost to the 500s, the third renamed; the converging preview sends none.
      expect((countByAction(await world.calls()).ModifyRedisName ?? 0) - before).toBe(3);
    });

    it(
      "password × dropAfterCommit: the retry meets 10502 and resets to the declared password",
      inSequence,
      async () => {
        const r = await world.scenario({
          name: "plugin-password-drop",
          operation: "password",
          fault: "dropAfterCommit",
          stack: s,
          declared: { create: 1 },
          run: async () => {
            await s.rotatePassword("PlugA1!rotated");
            return (await faultedUp(world, s, decl, { action: "ModfiyRedisPassword", kind: "dropAfterCommit" }))
              .outcome;
          },
        });
        // The data check reads the key with the new password: the instance has it.
        expectClean(r);
        expect(r.dataIntact).toBe("yes");
      },
    );

    it("projectId × connection reset: retried", inSequence, async () => {
      decl.projectId = 7;
      const r = await world.scenario({
        name: "plugin-projectId-reset",
        operation: "projectId",
        fault: "reset",
        stack: s,
        declared: { create: 1 },
        expectOutputs: { projectId: 7 },
        run: async () => (await faultedUp(world, s, decl, { action: "ModifyRedisProject", kind: "reset" })).outcome,
      });
      expectClean(r);
    });
  });

  describe.concurrent("updates B: autoRenew, rename × html, upgrade", () => {
    let world: PluginWorld;
    let s: PluginStack;
    const decl: InstanceDecl = { name: "plug-upd-b0" };
    beforeAll(async () => {
      ({ world, s } = await setUp("upd-b", decl, "PlugUpdB0!pw"));
    }, SCENARIO_TIMEOUT_MS);
    afterAll(async () => {
      await world?.stop();
    });

    it("autoRenew × 10707 locked (twice): retried", inSequence, async () => {
      decl.autoRenew = 1;
      const r = await world.scenario({
        name: "plugin-autoRenew-10707",
        operation: "autoRenew",
        fault: "locked10707 ×2",
        stack: s,
        declared: { create: 1 },
        expectOutputs: { autoRenew: 1 },
        run: async () =>
          (await faultedUp(world, s, decl, { action: "SetRedisAutoRenew", kind: "locked10707", times: 2 })).outcome,
      });
      expectClean(r);
    });

    it("rename × html page: refused naming the action; the next up renames", inSequence, async () => {
      decl.name = "plug-upd-b1";
      let text = "";
      const r = await world.scenario({
        name: "plugin-rename-html",
        operation: "rename",
        fault: "html page",
        stack: s,
        declared: { create: 1 },
        expectOutputs: { name: "plug-upd-b1" },
        run: async () => {
          const up = await faultedUp(world, s, decl, { action: "ModifyRedisName", kind: "html", times: 20 });
          text = up.text;
          return up.outcome;
        },
      });
      expect(r.faultedRun).toBe("failed");
      expect(text).toMatch(/ModifyRedisName: unexpected response at "\$" \(HTTP 200\): not JSON/);
      expectClean(r);
    });

    it("upgrade × latency beyond the client timeout: the purchase is found, not bought twice", inSequence, async () => {
      decl.memSize = 2048;
      const r = await world.scenario({
        name: "plugin-upgrade-latency",
        operation: "upgrade",
        fault: "latency > client timeout",
        stack: s,
        declared: { create: 1, upgrade: 1 },
        expectOutputs: { memSize: 2048 },
        run: async () =>
          (await faultedUp(world, s, decl, { action: "UpgradeRedis", kind: "latency", latencyMs: 4500 })).outcome,
      });
      expectClean(r);
      expect(r.placed.upgrade).toBe(1);
    });
  });

  describe.concurrent("lifecycle: backup, restore, delete", () => {
    let world: PluginWorld;
    let s: PluginStack;
    const decl: InstanceDecl = { name: "plug-life" };
    beforeAll(async () => {
      ({ world, s } = await setUp("life", decl, "PlugLife0!pw"));
    }, SCENARIO_TIMEOUT_MS);
    afterAll(async () => {
      await world?.stop();
    });

    it(
      "backup × dropAfterCommit: ManualBackupInstance once, the backup found, one backup in the state",
      inSequence,
      async () => {
        decl.backup = { remark: "plug-snap", export: true };
        const r = await world.scenario({
          name: "plugin-backup-drop",
          operation: "backup",
          fault: "dropAfterCommit",
          stack: s,
          declared: { create: 1 },
          backupRemark: "plug-snap",
          run: async () =>
            (await faultedUp(world, s, decl, { action: "ManualBackupInstance", kind: "dropAfterCommit" })).outcome,
        });
        expectClean(r);
        expect(countByAction(await world.calls()).ManualBackupInstance).toBe(1);
        expect(s.backupIds()).toHaveLength(1);
        // The export made a download URL: its token is among the secrets the audit looked for.
        expect((await collectSecrets(world.fx)).some((k) => k.kind === "downloadUrl")).toBe(true);
      },
    );

    it("restore × dropAfterCommit: RestoreInstance once, the state records it", inSequence, async () => {
      const [backupId] = s.backupIds();
      expect(backupId).toMatch(/.+/);
      const id = String(s.instances()[0]?.instanceId);
      const r = await world.scenario({
        name: "plugin-restore-drop",
        operation: "restore",
        fault: "dropAfterCommit",
        stack: s,
        declared: { create: 1 },
        dataChangesByDesign: true,
        run: async () => {
          world.forgetData(id);
          decl.restoreBackupId = String(backupId);
          return (await faultedUp(world, s, decl, { action: "RestoreInstance", kind: "dropAfterCommit" })).outcome;
        },
      });
      expectClean(r);
      // A second restore would lose what was written after the first: the lost answer is resolved from the task list.
      expect(countByAction(await world.calls()).RestoreInstance).toBe(1);
    });

    it(
      "delete × http500 on every SetRedisAutoRenew: destroy fails, the next destroy releases",
      inSequence,
      async () => {
        const r = await world.scenario({
          name: "plugin-delete-http500",
          operation: "delete",
          fault: "http500 ×10",
          stack: s,
          declared: { create: 1 },
          destroys: true,
          run: async () => {
            await world.fault({ action: "SetRedisAutoRenew", kind: "http500", times: 10 });
            const d = await s.run("destroy");
            return d.code === 0 ? "succeeded" : "failed";
          },
        });
        expectClean(r);
        const st = await world.emuState();
        expect(st.instances.length).toBeGreaterThan(0);
        expect(st.instances.every((i) => i.autoRenew === 2)).toBe(true);
      },
    );
  });

  describe.concurrent("refresh: code6000 + restart, wrong types", () => {
    let world: PluginWorld;
    let s: PluginStack;
    beforeAll(async () => {
      ({ world, s } = await setUp("refresh", { name: "plug-refresh" }, "PlugRefr0!pw"));
    }, SCENARIO_TIMEOUT_MS);
    afterAll(async () => {
      await world?.stop();
    });

    it(
      "refresh × code6000 beyond the retries, then the emulator restarted: refresh + up converge",
      inSequence,
      async () => {
        const r = await world.scenario({
          name: "plugin-refresh-6000-restart",
          operation: "refresh",
          fault: "code6000 ×10, emulator restart",
          stack: s,
          declared: { create: 1 },
          run: async () => {
            await world.fault({ action: "DescribeRedis", kind: "code6000", times: 10 });
            const ref = await s.run("refresh");
            await world.restart();
            const again = await s.run("refresh");
            return ref.code === 0 && again.code === 0 ? "succeeded" : "failed";
          },
        });
        expectClean(r);
      },
    );

    it("refresh × wrongTypes DescribeRedis: refused naming the action, state untouched", inSequence, async () => {
      let text = "";
      const r = await world.scenario({
        name: "plugin-refresh-wrongTypes",
        operation: "refresh",
        fault: "wrongTypes answer",
        stack: s,
        declared: { create: 1 },
        run: async () => {
          await world.fault({ action: "DescribeRedis", kind: "wrongTypes", times: 20 });
          const ref = await s.run("refresh");
          text = `${ref.stdout}\n${ref.stderr}`;
          return ref.code === 0 ? "succeeded" : "failed";
        },
      });
      expect(r.faultedRun).toBe("failed");
      expect(text).toMatch(/DescribeRedis: unexpected response at/);
      expectClean(r);
    });
  });
});
