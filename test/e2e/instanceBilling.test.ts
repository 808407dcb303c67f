import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../provider/api";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp } from "./cli";
import {
  type EmulatorFixture,
  type EmulatorInstance,
  emulatorInstances,
  startFixture,
  writeCounts,
} from "./emulatorFixture";
import { outsideClient } from "./outOfBand";

const PASSWORD = "Billing4Pulumi!1";
const DAY_MS = 24 * 3600_000;
const CST_MS = 8 * 3600_000;

/** YYYY-MM-DD of an epoch ms on the cloud's calendar (UTC+8), as a user would write paidThrough. */
function cstDate(ms: number): string {
  return new Date(ms + CST_MS).toISOString().slice(0, 10);
}

/**
 * projectId, autoRenew and paidThrough with the real CLI: each change is exactly one API call of its kind, shows as
 * exactly that field in `preview --diff`, and a renewal happens once: a later update with the same paidThrough renews
 * nothing.
 */
describe("Instance billing and placement fields with the real Pulumi CLI", () => {
  let fx: EmulatorFixture;
  let base: StackOptions;
  const config: Record<string, string> = { name: "e2e-billing", resourceName: "billing" };
  const run = (op: string, extra: Partial<StackOptions> = {}) =>
    stackOp(op, { ...base, config: { ...config }, secretConfig: { redisPassword: PASSWORD }, ...extra });
  const instance = async (): Promise<EmulatorInstance> => {
    const instances = await emulatorInstances(fx);
    expect(instances).toHaveLength(1);
    return instances[0] as EmulatorInstance;
  };
  const writes = async () => writeCounts(await fx.calls());

  beforeAll(async () => {
    fx = await startFixture();
    base = { program: path.join(REPO, "test/e2e/programs/instance.ts"), dir: stackDir("billing"), env: fx.env };
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("moves the instance to another project: the diff shows projectId only, one ModifyRedisProject", async () => {
    config.projectId = "1001";
    const pre = await run("preview", { diff: true });
    expect(pre.code, pre.stderr).toBe(0);
    expect(pre.stdout).toMatch(/\+ projectId\s*: 1001/);
    expect(pre.stdout).not.toMatch(/[~+-] (name|memSize|autoRenew|paidThrough|zoneId)\s*:/);
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(await writes()).toEqual({ ModifyRedisProject: 1 });
    expect((await instance()).projectId).toBe(1001);
  });

  it("turns auto-renew on: one SetRedisAutoRenew, and the cloud's flag is 1", async () => {
    config.autoRenew = "1";
    const pre = await run("preview", { diff: true });
    expect(pre.stdout).toMatch(/\+ autoRenew\s*: 1/);
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(await writes()).toEqual({ SetRedisAutoRenew: 1 });
    expect((await instance()).autoRenew).toBe(1);
  });

  it("renews for exactly the months paidThrough needs, in one RenewRedis", async () => {
    const before = await instance();
    // 45 days past the deadline needs 2 calendar months (one month is at most 31 days).
    const paidThrough = cstDate(before.deadline + 45 * DAY_MS);
    config.paidThrough = paidThrough;
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const calls = await fx.calls();
    expect(await writes()).toEqual({ RenewRedis: 1 });
    expect(calls.find((c) => c.action === "RenewRedis")?.params.period).toBe("2");
    const after = await instance();
    expect(after.deadline).toBeGreaterThanOrEqual(Date.parse(`${paidThrough}T00:00:00+08:00`));
    expect(after.deadline - before.deadline).toBeLessThan(63 * DAY_MS);
    expect(String(outputsOf(up).deadline)).toBe(cstDate(after.deadline) + String(outputsOf(up).deadline).slice(10));
  });

  it("a later update with the same paidThrough renews nothing", async () => {
    config.name = "e2e-billing-2";
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(await writes()).toEqual({ ModifyRedisName: 1 });
  });

  it("an out-of-band project move and auto-renew change show in refresh, and up puts them back", async () => {
    const { redisId } = await instance();
    const outside = outsideClient(fx);
    await api.modifyRedisProject(outside, { redisIds: [redisId], projectId: 0 });
    await api.setRedisAutoRenew(outside, { redisIds: [redisId], isAutoRenew: 0 });
    const refresh = await run("refresh");
    expect(refresh.code, refresh.stderr + refresh.stdout).toBe(0);
    expect(refresh.stdout).toMatch(/~\s+1 updated|1 updated/);
    const pre = await run("preview", { diff: true });
    expect(pre.stdout).toMatch(/~ projectId\s*: 0 => 1001/);
    expect(pre.stdout).toMatch(/~ autoRenew\s*: 0 => 1/);
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(await writes()).toEqual({ ModifyRedisProject: 1, SetRedisAutoRenew: 1 });
    expect(await instance()).toMatchObject({ projectId: 1001, autoRenew: 1 });
  });

  it("destroy sets auto-renew to 2 so the instance lapses at its deadline", async () => {
    await fx.clearCalls();
    const down = await run("destroy");
    expect(down.code, down.stderr + down.stdout).toBe(0);
    expect(await writes()).toEqual({ SetRedisAutoRenew: 1 });
    expect((await instance()).autoRenew).toBe(2);
    expect(down.stdout + down.stderr).toMatch(/no delete.*lapses/s);
  });
});
