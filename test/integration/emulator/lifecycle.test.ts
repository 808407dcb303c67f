import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call2017,
  control,
  createInstance,
  describeOne,
  PASSWORD,
  redisCli,
  startTestEmulator,
  type TestEmulator,
  waitFor,
  waitTask,
} from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ dealDelayMs: 600, taskDelayMs: 300 });
});
afterAll(async () => {
  await t.stop();
});

describe("orders and the instance lifecycle", () => {
  it("moves a CreateRedis deal 2 -> 3 -> 4 and delivers goodsNum real redis-servers", async () => {
    const created = await call2017(t.emu, "CreateRedis", {
      zoneId: 100002,
      typeId: 2,
      memSize: 1024,
      goodsNum: 2,
      period: 2,
      password: PASSWORD,
    });
    expect(created.code).toBe("0");
    const dealId = (created.data as { dealId: string }).dealId;
    const seen = new Set<number>();
    const detail = await waitFor(async () => {
      const r = await call2017(t.emu, "DescribeRedisDealDetail", { "dealIds.0": dealId });
      const d = (
        r.dealDetails as {
          status: number;
          goodsNum: number;
          price: number;
          goodsDetail: { redisIds: string[]; timeSpan: number; timeUnit: string };
        }[]
      )[0];
      if (d) seen.add(d.status);
      return d?.status === 4 ? d : undefined;
    });
    expect([...seen].every((s) => [2, 3, 4].includes(s))).toBe(true);
    expect(seen.has(2) || seen.has(3)).toBe(true);
    expect(detail.goodsNum).toBe(2);
    expect(detail.price).toBe(6000 * 2 * 2);
    expect(detail.goodsDetail).toMatchObject({ timeSpan: 2, timeUnit: "m" });
    expect(detail.goodsDetail.redisIds).toHaveLength(2);
    for (const id of detail.goodsDetail.redisIds) {
      const row = await describeOne(t.emu, id);
      expect(row).toMatchObject({ status: "2", wanIp: "127.0.0.1", size: "1024", typeId: "2" });
      expect(await redisCli(Number(row.port), PASSWORD, "PING")).toBe("PONG");
      expect(await redisCli(Number(row.port), PASSWORD, "CONFIG", "GET", "maxmemory")).toContain(
        String(1024 * 1048576),
      );
    }
    const missing = await call2017(t.emu, "DescribeRedisDealDetail", { "dealIds.0": dealId, "dealIds.1": "999" });
    expect(missing.message).toMatch(/^\(11059\) /);
  });

  it("changes the password in a task that the real redis obeys; a wrong old password is 10502", async () => {
    const { redisId, port } = await createInstance(t.emu);
    const wrong = await call2017(t.emu, "ModfiyRedisPassword", {
      redisId,
      oldPassword: "Wrong12345",
      password: "NewPass9876",
    });
    expect(wrong.message).toMatch(/^\(10502\) /);
    const ok = await call2017(t.emu, "ModfiyRedisPassword", {
      redisId,
      oldPassword: PASSWORD,
      password: "NewPass9876",
    });
    expect(ok.code).toBe(0);
    const locked = await call2017(t.emu, "ClearRedis", { redisId, password: PASSWORD });
    expect(locked.message).toMatch(/^\(10707\) /);
    expect(await waitTask(t.emu, (ok.data as { requestId: number }).requestId)).toBe(2);
    expect(await redisCli(port, "NewPass9876", "PING")).toBe("PONG");
    expect(await redisCli(port, PASSWORD, "PING")).toMatch(/WRONGPASS|NOAUTH|invalid/i);
    const reset = await call2017(t.emu, "ResetRedisPassword", { redisId, password: PASSWORD });
    expect(await waitTask(t.emu, (reset.data as { requestId: number }).requestId)).toBe(2);
    expect(await redisCli(port, PASSWORD, "PING")).toBe("PONG");
  });

  it("clears data with ClearRedis (password checked)", async () => {
    const { redisId, port } = await createInstance(t.emu);
    await redisCli(port, PASSWORD, "SET", "k", "v");
    const bad = await call2017(t.emu, "ClearRedis", { redisId, password: "Nope12345" });
    expect(bad.message).toMatch(/^\(10712\) /);
    const ok = await call2017(t.emu, "ClearRedis", { redisId, password: PASSWORD });
    expect(await waitTask(t.emu, (ok.data as { requestId: number }).requestId)).toBe(2);
    expect(await redisCli(port, PASSWORD, "DBSIZE")).toBe("0");
    const list = await call2017(t.emu, "GetRedisTaskList", {
      limit: 10,
      offset: 0,
      redisId,
      "taskType.0": "task_cleanInstance",
    });
    expect(list.totalCount).toBe(1);
  });

  it("upgrades (raising maxmemory), refuses to shrink, renews and edits name/project/auto-renew", async () => {
    const { redisId, port } = await createInstance(t.emu);
    const before = await describeOne(t.emu, redisId);
    const shrink = await call2017(t.emu, "UpgradeRedis", { redisId, memSize: 0 });
    expect(shrink.message).toMatch(/^\(10703\) /);
    const up = await call2017(t.emu, "UpgradeRedis", { redisId, memSize: 2048 });
    expect(up.code).toBe("0");
    const upDeal = (up.data as { dealId: string }).dealId;
    await waitFor(async () => {
      const r = await call2017(t.emu, "DescribeRedisDealDetail", { "dealIds.0": upDeal });
      const d = (r.dealDetails as { status: number; goodsDetail: Record<string, unknown> }[])[0];
      return d?.status === 4 ? d : undefined;
    }).then((d) => expect(d.goodsDetail).toMatchObject({ oldMemSize: 1024, newMemsize: 2048 }));
    expect(await redisCli(port, PASSWORD, "CONFIG", "GET", "maxmemory")).toContain(String(2048 * 1048576));
    const down = await call2017(t.emu, "UpgradeRedis", { redisId, memSize: 1024 });
    expect(down.message).toMatch(/^\(11057\) /);
    const renew = await call2017(t.emu, "RenewRedis", { redisId, period: 1 });
    const renewDeal = (renew.data as { dealId: string }).dealId;
    await waitFor(async () => {
      const r = await call2017(t.emu, "DescribeRedisDealDetail", { "dealIds.0": renewDeal });
      return (r.dealDetails as { status: number }[])[0]?.status === 4 ? true : undefined;
    });
    const after = await describeOne(t.emu, redisId);
    expect(String(after.deadlineTime) > String(before.deadlineTime)).toBe(true);
    expect(after.size).toBe("2048");
    expect((await call2017(t.emu, "ModifyRedisName", { redisId, redisName: "bad name" })).message).toMatch(
      /^\(11212\) /,
    );
    expect((await call2017(t.emu, "ModifyRedisName", { redisId, redisName: "cache-1" })).code).toBe(0);
    expect((await call2017(t.emu, "ModifyRedisProject", { "redisIds.0": redisId, projectId: 7 })).code).toBe(0);
    expect((await call2017(t.emu, "SetRedisAutoRenew", { "redisIds.0": redisId, isAutoRenew: 3 })).message).toMatch(
      /^\(11060\) /,
    );
    expect((await call2017(t.emu, "SetRedisAutoRenew", { "redisIds.0": redisId, isAutoRenew: 1 })).code).toBe("0");
    expect(await describeOne(t.emu, redisId)).toMatchObject({ redisName: "cache-1", projectId: "7", autoRenewFlag: 1 });
    const byName = await call2017(t.emu, "DescribeRedis", { limit: 10, offset: 0, redisName: "cache-1" });
    expect(byName.totalCount).toBe(1);
  });
});

describe("clock, expiry and isolation", () => {
  it("isolates an instance at its deadline unless auto-renew is on", async () => {
    const a = await createInstance(t.emu);
    const b = await createInstance(t.emu);
    await call2017(t.emu, "SetRedisAutoRenew", { "redisIds.0": b.redisId, isAutoRenew: 1 });
    const before = await describeOne(t.emu, b.redisId);
    const { now } = (await control(t.emu, "GET", "clock")) as { now: number };
    const after = (await control(t.emu, "POST", "clock", { advanceMs: 40 * 86_400_000 })) as { now: number };
    expect(after.now - now).toBeGreaterThanOrEqual(40 * 86_400_000);
    expect(await describeOne(t.emu, a.redisId)).toMatchObject({ status: "-2" });
    const renewed = await describeOne(t.emu, b.redisId);
    expect(renewed.status).toBe("2");
    expect(String(renewed.deadlineTime) > String(before.deadlineTime)).toBe(true);
    const task = await call2017(t.emu, "ClearRedis", { redisId: a.redisId, password: PASSWORD });
    expect(task.message).toMatch(/^\(10702\) /);
  });
});
