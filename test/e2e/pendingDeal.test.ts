import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp, stateFile } from "./cli";
import { countByAction, type EmulatorFixture, startFixture } from "./emulatorFixture";

interface EmuState {
  instances: { redisId: string; redisName: string; autoRenew: number }[];
  deals: { dealId: string; kind: string; status: number }[];
}

/** The ids of the stack's Instance resources in its checkpoint. */
function instanceIds(dir: string): string[] {
  const cp = JSON.parse(stateFile(dir)) as { checkpoint: { latest?: { resources?: { type: string; id?: string }[] } } };
  return (cp.checkpoint.latest?.resources ?? []).filter((r) => r.type.endsWith(":Instance")).map((r) => String(r.id));
}

/**
 * A create whose order outlasts `waitTimeoutSeconds` leaves the resource as `pending-deal-<deal>` (review item 4).
 * Refresh must resolve it to the instance once the deal is delivered, an update must work on it, and destroy must
 * find the instance and do what the program asks (final backup, clear, auto-renew 2), not report it gone.
 */
describe("a create that timed out on its order (pending-deal id)", () => {
  let fx: EmulatorFixture;
  const state = () => fx.control<EmuState>("/_emulator/state");
  const delivered = async () => (await state()).deals.every((d) => d.status === 4);

  beforeAll(async () => {
    fx = await startFixture({ dealDelayMs: 12_000 });
  });
  afterAll(async () => {
    await fx?.stop();
  });

  const stack = (name: string, config: Record<string, string>) => {
    const o: StackOptions = {
      program: path.join(REPO, "test/e2e/programs/instance.ts"),
      dir: stackDir(name),
      env: fx.env,
      config: { waitTimeoutSeconds: "2", ...config },
      secretConfig: { redisPassword: "Pending7Deal!pw" },
    };
    return { o, run: (op: string, extra: Partial<StackOptions> = {}) => stackOp(op, { ...o, ...extra }) };
  };
  const timedOut = async (s: ReturnType<typeof stack>) => {
    const up = await s.run("up");
    expect(up.code, "the first up must time out on the order").not.toBe(0);
    const [id] = instanceIds(s.o.dir);
    expect(id).toMatch(/^pending-deal-/);
    for (let i = 0; i < 300 && !(await delivered()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await delivered()).toBe(true);
  };

  it("refresh resolves the id; a rename then works; destroy backs up, clears and stops renewal", async () => {
    const s = stack("pending-refresh", { name: "pend-a", finalBackup: "true", clearOnDelete: "true" });
    await timedOut(s);
    const refresh = await s.run("refresh");
    expect(refresh.code, refresh.stdout + refresh.stderr).toBe(0);
    const [id] = instanceIds(s.o.dir);
    expect(id).toMatch(/^crs-/);

    s.o.config = { ...s.o.config, name: "pend-a2", waitTimeoutSeconds: "60" };
    const up = await s.run("up");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(outputsOf(up).instanceId).toBe(id);
    expect((await state()).instances.find((i) => i.redisId === id)?.redisName).toBe("pend-a2");

    await fx.clearCalls();
    const destroy = await s.run("destroy");
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    const calls = countByAction(await fx.calls());
    expect(calls.ManualBackupInstance).toBe(1);
    expect(calls.ClearRedis).toBe(1);
    expect((await state()).instances.find((i) => i.redisId === id)?.autoRenew).toBe(2);
  });

  it("without a refresh: up finishes the create and later updates work; destroy finds the instance", async () => {
    const s = stack("pending-up", { name: "pend-b" });
    await fx.clearCalls();
    await timedOut(s);
    s.o.config = { ...s.o.config, waitTimeoutSeconds: "60" };
    const first = await s.run("up");
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const id = String(outputsOf(first).instanceId);
    expect(id).toMatch(/^crs-/);
    s.o.config = { ...s.o.config, name: "pend-b2" };
    const second = await s.run("up");
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect((await state()).instances.find((i) => i.redisId === id)?.redisName).toBe("pend-b2");
    const destroy = await s.run("destroy");
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    expect(destroy.stdout + destroy.stderr).not.toMatch(/already gone/);
    expect((await state()).instances.find((i) => i.redisId === id)?.autoRenew).toBe(2);
    expect(countByAction(await fx.calls()).CreateRedis).toBe(1);
  });
});
