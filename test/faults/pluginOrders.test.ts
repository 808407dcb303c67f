import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectClean, SCENARIO_TIMEOUT_MS, until } from "./harness";
import {
  endedAtDeadline,
  type InstanceDecl,
  type PluginStack,
  PluginWorld,
  resetPluginHostTable,
  sharedPluginHome,
  worldWithInstance,
} from "./pluginHarness";
import { resetResults } from "./results";

const FILE = "pluginOrders";
const DAY_MS = 24 * 3600_000;
const CST_MS = 8 * 3600_000;
const cstDate = (ms: number): string => new Date(ms + CST_MS).toISOString().slice(0, 10);
/** The `deadline` output (CST, "YYYY-MM-DD HH:MM:SS") as epoch ms. */
const deadlineMs = (v: unknown): number => Date.parse(`${String(v).replace(" ", "T")}+08:00`);
/** The same calendar day a month later (YYYY-MM-DD), as update.test.ts's renewal declares it. */
const monthLater = (deadline: unknown): string => {
  const d = new Date(`${String(deadline).slice(0, 10)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * The dynamic suite's remaining CLI scenarios on the provider plugin host (helpers in pluginHarness.ts):
 * create.test.ts's create × reset, latency beyond the client timeout and emulator restarted mid-wait,
 * malformed.test.ts's create × truncated answer, update.test.ts's renew × 4400 and upgrade × SIGKILL mid-wait, and
 * orders.test.ts's renew and upgrade wait timeouts (the resource's `waitTimeoutSeconds: 3`, a 20 s deal). Each world
 * has its own emulator, project and instance, and the worlds run at the same time; inside a world the scenarios run in
 * sequence from the converged end of the one before, as in the dynamic suite.
 *
 * Each scenario asserts: its fault fired (the emulator's fired record; a kill, a restart or a timeout proves itself),
 * orders the emulator carried out (call log) and deals it holds == declared, the next `up` (or refresh + up)
 * converges and a preview then shows no change, the emulator's instances == the state's, the data written to Redis
 * before the fault reads back, and no secret in the CLI's output, `stack export`, the project folder or the journal.
 */
resetResults(FILE);
resetPluginHostTable(FILE);
sharedPluginHome();

describe("fault suite: the remaining order scenarios on the plugin host (YAML program)", () => {
  const inSequence = { concurrent: false, timeout: SCENARIO_TIMEOUT_MS };
  const worlds: PluginWorld[] = [];
  const open = async (dealDelayMs: number): Promise<PluginWorld> => {
    const w = new PluginWorld(FILE);
    worlds.push(w);
    await w.start({ dealDelayMs });
    return w;
  };
  /** A world with one instance bought and a key written to its Redis (the setup's create is declared by each row). */
  const setUp = async (label: string, decl: InstanceDecl, password: string) => {
    const set = await worldWithInstance(FILE, label, decl, password);
    worlds.push(set.world);
    return set;
  };
  afterAll(async () => {
    for (const w of worlds) await w.stop();
  });

  describe.concurrent("create", () => {
    it.each([
      ["reset", "plug-reset", { kind: "reset" }],
      ["latency > client timeout", "plug-latency", { kind: "latency", latencyMs: 4500 }],
      ["truncated answer", "plug-truncated", { kind: "truncated" }],
    ])(
      "create × %s: one purchase, adopted or bought exactly once",
      { timeout: SCENARIO_TIMEOUT_MS },
      async (fault, name, spec) => {
        const world = await open(1000);
        const s = world.stack(name.slice(5), { name }, `PlugC${name.length}!${name.slice(5, 9)}`);
        const r = await world.scenario({
          name: `plugin-create-${fault.split(" ")[0]}`,
          operation: "create",
          fault,
          stack: s,
          declared: { create: 1 },
          expectOutputs: { name, memSize: 1024, status: 2 },
          run: async () => {
            await world.fault({ action: "CreateRedis", ...spec });
            const up = await s.run("up");
            return up.code === 0 ? "succeeded" : "failed";
          },
        });
        expectClean(r);
        expect(r.placed.create).toBe(1);
      },
    );

    it("create × emulator restarted mid-wait: the data of an earlier instance survives, one purchase", {
      timeout: SCENARIO_TIMEOUT_MS,
    }, async () => {
      // The earlier instance of the dynamic suite's world: bought, its data written, both must outlive the restart.
      const { world } = await setUp("earlier", { name: "plug-earlier" }, "PlugEarly0!pw");
      await world.fx.delays({ dealDelayMs: 4000 });
      const s = world.stack("restart", { name: "plug-restart" }, "PlugRestart1!pw");
      const r = await world.scenario({
        name: "plugin-create-restart",
        operation: "create",
        fault: "emulator restart mid-wait",
        stack: s,
        declared: { create: 2 },
        expectOutputs: { name: "plug-restart", status: 2 },
        run: async () => {
          const since = (await world.calls()).length;
          const { done } = await s.start("up");
          await until("the wait on the order", () => world.seenAfter("CreateRedis", "DescribeRedisDealDetail", since));
          const midWait = !(await world.dealsDelivered());
          await world.restart();
          world.prove("emulator restarted while the deal was pending", midWait);
          const up = await done;
          return up.code === 0 ? "succeeded" : "failed";
        },
      });
      expectClean(r);
      expect(r.dataIntact).toBe("yes");
    });
  });

  describe.concurrent("renew × 4400, upgrade × SIGKILL mid-wait", () => {
    let world: PluginWorld;
    let s: PluginStack;
    const decl: InstanceDecl = { name: "plug-ord-e" };
    beforeAll(async () => {
      ({ world, s } = await setUp("ord-e", decl, "PlugOrdE0!pw"));
    }, SCENARIO_TIMEOUT_MS);

    it("renew × 4400 throttled: the refused order is sent again; one renewal in all", inSequence, async () => {
      decl.paidThrough = monthLater(s.instances()[0]?.outputs.deadline);
      const r = await world.scenario({
        name: "plugin-renew-4400",
        operation: "renew",
        fault: "throttle4400",
        stack: s,
        declared: { create: 1, renew: 1 },
        run: async () => {
          s.program(decl);
          await world.fault({ action: "RenewRedis", kind: "throttle4400" });
          const up = await s.run("up");
          return up.code === 0 ? "succeeded" : "failed";
        },
      });
      expectClean(r);
      expect(r.placed.renew).toBe(1);
      expect(deadlineMs(s.instances()[0]?.outputs.deadline)).toBeGreaterThanOrEqual(
        Date.parse(`${decl.paidThrough}T00:00:00+08:00`),
      );
    });

    it("upgrade × `pulumi` SIGKILLed mid-wait: the next up does not order the upgrade again", inSequence, async () => {
      await world.fx.delays({ dealDelayMs: 6000 });
      let left: string[] = [];
      const r = await world.scenario({
        name: "plugin-upgrade-kill",
        operation: "upgrade",
        fault: "SIGKILL of pulumi's group mid-wait",
        stack: s,
        declared: { create: 1, renew: 1, upgrade: 1 },
        expectOutputs: { memSize: 2048 },
        run: async () => {
          decl.memSize = 2048;
          s.program(decl);
          const since = (await world.calls()).length;
          ({ left } = await world.killCliMidWait(s, () =>
            world.seenAfter("UpgradeRedis", "DescribeRedisDealDetail", since),
          ));
          return "killed";
        },
      });
      console.log(`plugin host: processes left running by the killed CLI (upgrade): ${JSON.stringify(left)}`);
      expectClean(r);
      expect(r.placed.upgrade).toBe(1);
    });
  });

  describe.concurrent("renew and upgrade × waitTimeoutSeconds 3 with a 20 s deal", () => {
    let world: PluginWorld;
    let s: PluginStack;
    const decl: InstanceDecl = { name: "plug-ord-w" };
    beforeAll(async () => {
      ({ world, s } = await setUp("ord-w", decl, "PlugOrdW0!pw"));
    }, SCENARIO_TIMEOUT_MS);

    /**
     * Orders take 20 s and waits 3 s: the first `up` places the order and stops at its wait's bound; the next, with
     * quick orders again but still 3 s, must wait for that deal without ordering (it may stop once more). Then the
     * program allows 60 s for the harness's converging `up`. As orders.test.ts's `timedOutOrder`.
     */
    const timedOutOrder = async (change: InstanceDecl, kind: "renew" | "upgrade"): Promise<"failed"> => {
      await world.fx.delays({ dealDelayMs: 20_000 });
      Object.assign(decl, change, { waitTimeoutSeconds: 3 });
      s.program(decl);
      const up = await s.run("up");
      const message = `${up.stdout}\n${up.stderr}`;
      world.prove(`the ${kind}'s wait ended at waitTimeoutSeconds 3`, up.code !== 0 && endedAtDeadline(message));
      expect(up.code, "the first up must stop at the wait's bound").not.toBe(0);
      expect(message).toMatch(/next `pulumi up` waits for this deal/);
      expect(message).toMatch(/waitTimeoutSeconds/);
      await world.fx.delays({ dealDelayMs: 800 });
      const again = await s.run("up");
      if (again.code !== 0) expect(again.stdout + again.stderr).toMatch(/waits for this deal/);
      expect((await world.orders())[kind], "the second up must not order again").toBe(1);
      decl.waitTimeoutSeconds = 60;
      s.program(decl);
      return "failed";
    };

    it("renew × wait timeout: the next up waits for the open deal; RenewRedis once", inSequence, async () => {
      const paidThrough = cstDate(deadlineMs(s.instances()[0]?.outputs.deadline) + 45 * DAY_MS);
      const r = await world.scenario({
        name: "plugin-renew-wait-timeout",
        operation: "renew",
        fault: "waitTimeoutSeconds 3, deal 20 s",
        stack: s,
        declared: { create: 1, renew: 1 },
        run: () => timedOutOrder({ paidThrough }, "renew"),
      });
      expectClean(r);
      expect(r.placed.renew).toBe(1);
      expect(deadlineMs(s.instances()[0]?.outputs.deadline)).toBeGreaterThanOrEqual(
        Date.parse(`${paidThrough}T00:00:00+08:00`),
      );
    });

    it("upgrade × wait timeout: the next up waits for the open deal; UpgradeRedis once", inSequence, async () => {
      const r = await world.scenario({
        name: "plugin-upgrade-wait-timeout",
        operation: "upgrade",
        fault: "waitTimeoutSeconds 3, deal 20 s",
        stack: s,
        declared: { create: 1, renew: 1, upgrade: 1 },
        expectOutputs: { memSize: 2048 },
        run: () => timedOutOrder({ memSize: 2048 }, "upgrade"),
      });
      expectClean(r);
      expect(r.placed.upgrade).toBe(1);
    });
  });
});
