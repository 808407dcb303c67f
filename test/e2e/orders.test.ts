import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../provider/api";
import { outputsOf, REPO, type StackOptions, stackDir, stackOp } from "./cli";
import { type EmulatorFixture, emulatorInstances, startFixture, writeCounts } from "./emulatorFixture";
import { outsideClient } from "./outOfBand";
import { redisCommands } from "./redisClient";

const DAY_MS = 24 * 3600_000;
const CST_MS = 8 * 3600_000;
const PROGRAM = path.join(REPO, "test/e2e/programs/instance.ts");

/** YYYY-MM-DD of an epoch ms on the cloud's calendar (UTC+8), as a user writes paidThrough. */
const cstDate = (ms: number): string => new Date(ms + CST_MS).toISOString().slice(0, 10);
/** The end of that day, China Standard Time. */
const endOfCstDay = (day: string): number => Date.parse(`${day}T23:59:59+08:00`);

/**
 * What a program declares about money, through plain `pulumi` in a user's project: `paidThrough` at creation,
 * its bound at preview, an adopted instance bought by nobody, and `clearOnDelete` on destroy.
 */
describe("orders: paidThrough at creation, its bound, adoption and clearOnDelete", () => {
  let fx: EmulatorFixture;
  const instances = () => emulatorInstances(fx);
  const writes = async () => writeCounts(await fx.calls());
  const stack = (name: string, config: Record<string, string>, password: string) => {
    const o: StackOptions = {
      program: PROGRAM,
      dir: stackDir(`orders-${name}`),
      env: fx.env,
      config,
      secretConfig: { redisPassword: password },
    };
    return (op: string, extra: Partial<StackOptions> = {}) => stackOp(op, { ...o, ...extra });
  };

  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("an instance bought with period 1 and a paidThrough months away is paid through that date", async () => {
    const paidThrough = cstDate(Date.now() + 150 * DAY_MS);
    const run = stack("paid", { name: "paid-at-create", period: "1", paidThrough }, "Paid2Through!x");
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const [inst] = await instances();
    expect(inst).toBeDefined();
    // Paid through the declared day, and not a month more than it needs.
    expect(inst?.deadline).toBeGreaterThanOrEqual(endOfCstDay(paidThrough) - DAY_MS);
    expect(inst?.deadline).toBeLessThan(endOfCstDay(paidThrough) + 32 * DAY_MS);
    expect(String(outputsOf(up).deadline).slice(0, 10)).toBe(cstDate(inst?.deadline ?? 0));
    const w = await writes();
    expect(w.CreateRedis).toBe(1);
    expect(w.RenewRedis).toBeGreaterThanOrEqual(1);

    const pre = await run("preview");
    expect(pre.code, pre.stderr).toBe(0);
    expect(pre.stdout).not.toMatch(/to (create|update|replace|delete)\b/);
    await fx.clearCalls();
    const again = await run("up");
    expect(again.code, again.stderr).toBe(0);
    expect((await writes()).RenewRedis).toBeUndefined();
  });

  it("paidThrough 9999-12-31 is refused at preview with the bound, and nothing is called that writes", async () => {
    const run = stack("far", { name: "far-future", paidThrough: "9999-12-31" }, "Far2Future!x");
    await fx.clearCalls();
    const pre = await run("preview");
    expect(pre.code).not.toBe(0);
    expect(pre.stdout + pre.stderr).toMatch(/paidThrough 9999-12-31 is beyond .*36 months/);
    const up = await run("up");
    expect(up.code).not.toBe(0);
    expect(await writes()).toEqual({});
  });

  it("adoptInstanceId takes over an instance bought outside Pulumi: no purchase, named as declared", async () => {
    const client = outsideClient(fx);
    const { dealId } = await api.createRedis(client, {
      zoneId: 100002,
      typeId: 2,
      memSize: 1024,
      goodsNum: 1,
      period: 1,
      password: "Adopt3Me!pw",
    });
    let adoptedId: string | undefined;
    for (let i = 0; i < 200 && !adoptedId; i++) {
      const { dealDetails } = await api.describeRedisDealDetail(client, { dealIds: [dealId] });
      if (dealDetails[0]?.status === 4) adoptedId = dealDetails[0]?.goodsDetail.redisIds[0];
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(adoptedId).toBeDefined();
    const run = stack("adopt", { name: "adopted", adoptInstanceId: String(adoptedId) }, "Adopt3Me!pw");
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(outputsOf(up).instanceId).toBe(adoptedId);
    const w = await writes();
    expect(w.CreateRedis).toBeUndefined();
    expect(w.ModifyRedisName).toBe(1);
    expect((await instances()).find((i) => i.redisId === adoptedId)?.redisName).toBe("adopted");
    const destroy = await run("destroy");
    expect(destroy.code, destroy.stderr).toBe(0);
    expect((await instances()).find((i) => i.redisId === adoptedId)?.autoRenew).toBe(2);
  });

  it("clearOnDelete wipes the data on destroy (ClearRedis once) and lets the instance lapse", async () => {
    const password = "Clear4Delete!pw";
    const run = stack("clear", { name: "cleared", clearOnDelete: "true" }, password);
    const up = await run("up");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const id = String(outputsOf(up).instanceId);
    const port = (await instances()).find((i) => i.redisId === id)?.port ?? 0;
    expect(await redisCommands(port, "127.0.0.1", [["AUTH", password], ["SET", "k", "v"], ["DBSIZE"]])).toEqual([
      "OK",
      "OK",
      "1",
    ]);
    await fx.clearCalls();
    const destroy = await run("destroy");
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    expect((await writes()).ClearRedis).toBe(1);
    expect(await redisCommands(port, "127.0.0.1", [["AUTH", password], ["DBSIZE"]])).toEqual(["OK", "0"]);
    expect((await instances()).find((i) => i.redisId === id)?.autoRenew).toBe(2);
  });
});
