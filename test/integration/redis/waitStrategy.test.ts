import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { anchorStrategy } from "../../../bench/anchorStrategy";
import * as api from "../../../provider/api";
import { describeMany, describeOne } from "../../../provider/redis/reads/instanceReads";
import { waitRunning } from "../../../provider/redis/reads/waits";
import { callContext } from "../../../provider/runtime/context";
import { resetSharedPollers } from "../../../provider/wait";
import { useWaitStrategy, waitStrategy } from "../../../provider/wait/strategy";
import { countByAction, type EmulatorFixture, startFixture } from "../../e2e/emulatorFixture";
import { outsideClient } from "../../e2e/outOfBand";

/**
 * The wait-strategy injection point (provider/wait/strategy) as the benchmark uses it: the same reads and waits make
 * the calls of the strategy installed, counted in the emulator's call log.
 */
describe("wait strategy", () => {
  let fx: EmulatorFixture;
  let ids: string[];
  const saved = { ...process.env };

  beforeAll(async () => {
    fx = await startFixture({ dealDelayMs: 0 });
    Object.assign(process.env, fx.env);
    const client = outsideClient(fx);
    const { dealId } = await api.createRedis(client, {
      zoneId: 100002,
      typeId: 2,
      memSize: 1024,
      period: 1,
      goodsNum: 3,
      password: "Strategy1pass",
    });
    // Delivered at once (no deal delay); the ids are in the deal.
    const { dealDetails } = await api.describeRedisDealDetail(client, { dealIds: [dealId] });
    ids = dealDetails[0]?.goodsDetail.redisIds ?? [];
    expect(ids).toHaveLength(3);
  });
  afterEach(() => {
    useWaitStrategy(undefined);
    resetSharedPollers();
  });
  afterAll(async () => {
    process.env = saved;
    await api.closePools();
    await fx?.stop();
  });

  it("is the project's unless one is installed, and comes back with undefined", () => {
    expect(waitStrategy().name).toBe("");
    useWaitStrategy(anchorStrategy);
    expect(waitStrategy()).toBe(anchorStrategy);
    useWaitStrategy(undefined);
    expect(waitStrategy().name).toBe("");
  });

  it("project: three concurrent reads share one DescribeRedis listing", async () => {
    await fx.clearCalls();
    const ctx = callContext();
    const found = await Promise.all(ids.map((id) => describeOne(ctx, id)));
    expect(found.map((r) => r?.redisId)).toEqual(ids);
    expect(countByAction(await fx.calls()).DescribeRedis).toBe(1);
  });

  it("anchor: the same reads make one filtered DescribeRedis each", async () => {
    useWaitStrategy(anchorStrategy);
    await fx.clearCalls();
    const ctx = callContext();
    const found = await Promise.all(ids.map((id) => describeOne(ctx, id)));
    expect(found.map((r) => r?.redisId)).toEqual(ids);
    const calls = (await fx.calls()).filter((c) => c.action === "DescribeRedis");
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.params.redisId).sort()).toEqual([...ids].sort());
  });

  it("anchor: a wait polls on its own poller, one id per call; the project's batches", async () => {
    const ctx = callContext();
    await fx.clearCalls();
    await Promise.all(ids.map((id) => waitRunning(ctx, id, "strategy test")));
    const project = countByAction(await fx.calls()).DescribeRedis;
    useWaitStrategy(anchorStrategy);
    await fx.clearCalls();
    const many = await describeMany(ctx, ids);
    expect([...many.keys()].sort()).toEqual([...ids].sort());
    await Promise.all(ids.map((id) => waitRunning(ctx, id, "strategy test")));
    // describeMany: 3 filtered calls; the waits: at least one each (no batching).
    expect(countByAction(await fx.calls()).DescribeRedis).toBeGreaterThanOrEqual(6);
    expect(project).toBe(1);
  });
});
