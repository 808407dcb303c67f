import type * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getInstanceBackups,
  getInstances,
  getPrice,
  getProducts,
  getTasks,
  getZonesOutput,
} from "../../../provider/functions";
import { ZONES } from "../../emulator/catalog";
import {
  call2017,
  createInstance,
  SECRET_ID,
  SECRET_KEY,
  startTestEmulator,
  type TestEmulator,
  waitTask,
} from "./helpers";

/** The value of an Output outside a Pulumi program (apply runs once its inputs are known). */
const outputValue = <T>(o: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => {
    o.apply((v) => {
      resolve(v);
      return v;
    });
  });

/**
 * The functions for programs, called as a program calls them (credentials from the environment, as no stack config
 * is set here), against the emulator; expectations come from the emulator's own catalogue and 2017 answers.
 */
describe("functions against the emulator", () => {
  let t: TestEmulator;
  let redisId = "";
  const saved = { ...process.env };

  beforeAll(async () => {
    t = await startTestEmulator();
    Object.assign(process.env, {
      TENCENTCLOUD_SECRET_ID: SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TENCENTCLOUD_REDIS_ENDPOINT: t.emu.url,
    });
    ({ redisId } = await createInstance(t.emu));
    const r = await call2017(t.emu, "ManualBackupInstance", { redisId, remark: "fn" });
    expect(await waitTask(t.emu, (r.data as { requestId: number }).requestId)).toBe(2);
  });
  afterAll(async () => {
    process.env = saved;
    await t?.stop();
  });

  it("getZonesOutput and getProducts give the catalogue", async () => {
    expect((await outputValue(getZonesOutput())).zones).toEqual(ZONES.map((z) => ({ zoneId: z.zoneId, name: z.name })));
    const { zones } = await getProducts({ zoneIds: [300001] });
    expect(zones).toHaveLength(1);
    expect(Object.keys(zones[0]?.types ?? {})).toEqual(["2"]);
    expect(zones[0]?.types["2"]).toMatchObject({ minMemSize: 1024, maxMemSize: 40960 });
  });

  it("getPrice: buy and renew by InquiryRedisPrice, upgrade by UpgradeRedisInquiryPrice", async () => {
    // The document's example: 1 GB cluster for 2 months costs 16000 (0.01 CNY).
    expect(await getPrice({ order: "buy", zoneId: 100002, typeId: 1, memSize: 1024, period: 2 })).toEqual({
      order: "buy",
      price: 16000,
    });
    const up = await getPrice({ order: "upgrade", instanceId: redisId, memSize: 2048 });
    const direct = await call2017(t.emu, "UpgradeRedisInquiryPrice", { redisId, memSize: 2048 });
    expect(up).toEqual({ order: "upgrade", price: (direct.data as { price: number }).price });
  });

  it("getInstances filters as DescribeRedis does", async () => {
    const { instances } = await getInstances({ redisId });
    expect(instances.map((i) => i.redisId)).toEqual([redisId]);
    expect((await getInstances({ redisId: "crs-nonesuch" })).instances).toEqual([]);
  });

  it("getInstanceBackups over a time window, getTasks by type", async () => {
    const all = await getInstanceBackups({ instanceId: redisId });
    expect(all.backups.map((b) => b.remark)).toEqual(["fn"]);
    const later = await getInstanceBackups({ instanceId: redisId, beginTime: "2099-01-01 00:00:00" });
    expect(later.backups).toEqual([]);
    const { tasks } = await getTasks({ instanceId: redisId, taskType: ["task_backupInstance"] });
    expect(tasks).toEqual([expect.objectContaining({ redisId, taskName: "backupInstance", status: 2 })]);
  });
});
