import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../provider/api";
import { outputsOf, REPO, type StackOptions, type StackRun, stackDir, stackOp } from "./cli";
import { countByAction, type EmulatorFixture, READ_ACTION, startFixture } from "./emulatorFixture";
import { outsideClient } from "./outOfBand";

const PROGRAM = path.join(REPO, "test/e2e/programs/instance.ts");
const PASSWORD = "Price2Plan!pw";
const DAY_MS = 24 * 3600_000;
const CST_MS = 8 * 3600_000;
const cstDate = (ms: number): string => new Date(ms + CST_MS).toISOString().slice(0, 10);
const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;

interface EmuDeal {
  kind: "create" | "renew" | "upgrade";
  price: number;
  timeSpan: number;
}

/**
 * The price lines of a run as its Diagnostics section lists them (the engine shows a provider's lines under the stack,
 * once while it runs and once in that section): `<resource>: price: <order>: <price>; plan total so far: ...`.
 */
function priceLines(run: StackRun): string[] {
  return `${run.stdout}\n${run.stderr}`
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^\[tencentcloud-redis\] [^:]+: price: /.test(l));
}

/**
 * Issue 15, items 1 and 2, through plain `pulumi` in a user's project: the preview of a create, of an upgrade and of
 * a renewal prints each order's price as InquiryRedisPrice / UpgradeRedisInquiryPrice answer it for the same order,
 * and the plan's total; maxOrderPrice below a price fails the preview naming both, with no write call; without
 * credentials the preview says the price is unknown and passes.
 */
describe("prices in the plan and the budget guard, on the pulumi command line", () => {
  let fx: EmulatorFixture;
  let o: StackOptions;
  const config: Record<string, string> = { name: "priced", resourceName: "cache", typeId: "2", memSize: "1024" };
  const run = (op: string, env: Record<string, string> = {}) =>
    stackOp(op, { ...o, config: { ...config }, env: { ...fx.env, ...env } });
  const nonReads = async () => Object.keys(countByAction(await fx.calls())).filter((a) => !READ_ACTION.test(a));

  beforeAll(async () => {
    fx = await startFixture();
    o = { program: PROGRAM, dir: stackDir("prices"), env: fx.env, secretConfig: { redisPassword: PASSWORD } };
  });
  afterAll(async () => {
    await fx?.stop();
  });

  let instanceId = "";
  let deadline = "";

  it("the preview of a create prints the purchase's price and the total; up charges it", async () => {
    config.period = "2";
    const quote = await api.inquiryRedisPrice(outsideClient(fx), {
      zoneId: 100002,
      typeId: 2,
      memSize: 1024,
      goodsNum: 1,
      period: 2,
    });
    await fx.clearCalls();
    const pre = await run("preview");
    expect(pre.code, pre.stdout + pre.stderr).toBe(0);
    expect(priceLines(pre)).toEqual([
      `[tencentcloud-redis] cache: price: buy 2 months: ${yuan(quote.price)}; plan total so far: ${yuan(quote.price)} for 1 order`,
    ]);
    expect(await nonReads()).toEqual([]);
    expect(countByAction(await fx.calls()).InquiryRedisPrice).toBe(1);

    const up = await run("up");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    ({ instanceId, deadline } = outputsOf(up) as { instanceId: string; deadline: string });
    const { deals } = await fx.control<{ deals: EmuDeal[] }>("/_emulator/state");
    expect(deals).toMatchObject([{ kind: "create", price: quote.price, timeSpan: 2 }]);
  });

  it("the preview of an upgrade and a renewal prints both prices as the API quotes them, and their total", async () => {
    config.memSize = "2048";
    // About three months past the deadline: RenewRedis by whole months.
    const deadlineMs = Date.parse(`${deadline.replace(" ", "T")}+08:00`);
    config.paidThrough = cstDate(deadlineMs + 80 * DAY_MS);
    const client = outsideClient(fx);
    const upgrade = await api.upgradeRedisInquiryPrice(client, { redisId: instanceId, memSize: 2048 });
    await fx.clearCalls();
    const pre = await run("preview");
    expect(pre.code, pre.stdout + pre.stderr).toBe(0);
    const lines = priceLines(pre);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `[tencentcloud-redis] cache: price: upgrade 1024 → 2048 MB: ${yuan(upgrade.price)}; plan total so far: ${yuan(upgrade.price)} for 1 order`,
    );
    const m = /cache: price: renew (\d+) months: (¥[\d.]+); plan total so far: (¥[\d.]+) for 2 orders$/.exec(
      lines[1] ?? "",
    );
    expect(m, lines[1]).not.toBeNull();
    const months = Number(m?.[1]);
    expect(months).toBeGreaterThanOrEqual(2);
    expect(months).toBeLessThanOrEqual(3);
    // The renewal is of the upgraded size (the upgrade runs first).
    const renewal = await api.inquiryRedisPrice(client, {
      zoneId: 100002,
      typeId: 2,
      memSize: 2048,
      goodsNum: 1,
      period: months,
    });
    expect(m?.[2]).toBe(yuan(renewal.price));
    expect(m?.[3]).toBe(yuan(upgrade.price + renewal.price));
    expect(await nonReads()).toEqual([]);
  });

  it("without credentials the preview says the price is unknown and passes, even with a budget set", async () => {
    config.maxOrderPrice = "1"; // the project is tencentcloud-redis: this is stack config tencentcloud-redis:maxOrderPrice
    await fx.clearCalls();
    const pre = await run("preview", { TENCENTCLOUD_SECRET_ID: "", TENCENTCLOUD_SECRET_KEY: "" });
    expect(pre.code, pre.stdout + pre.stderr).toBe(0);
    const lines = priceLines(pre);
    expect(lines).toHaveLength(2);
    for (const l of lines)
      expect(l).toMatch(/: price unknown \(no credentials\); plan total so far: ¥0\.00 for 0 orders/);
    expect(await fx.calls()).toEqual([]);
  });

  it("with maxOrderPrice below a price the preview fails naming both, and nothing is called that writes", async () => {
    await fx.clearCalls();
    const pre = await run("preview");
    expect(pre.code).not.toBe(0);
    const upgrade = await api.upgradeRedisInquiryPrice(outsideClient(fx), { redisId: instanceId, memSize: 2048 });
    expect(pre.stdout + pre.stderr).toContain(
      `order of "cache": upgrade 1024 → 2048 MB costs ${yuan(upgrade.price)}, above maxOrderPrice ¥1.00 ` +
        "(stack config tencentcloud-redis:maxOrderPrice); nothing was ordered",
    );
    expect(await nonReads()).toEqual([]);
  });

  it("within the instance's own budget, up places the orders and the emulator charges what was quoted", async () => {
    // The stack config still says ¥1.00: the Instance input wins.
    config.instanceMaxOrderPrice = "100000";
    const client = outsideClient(fx);
    const upgrade = await api.upgradeRedisInquiryPrice(client, { redisId: instanceId, memSize: 2048 });
    await fx.clearCalls();
    const up = await run("up");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    // Each distinct order was asked once in the run (check/diff, then the guard before sending reused the answer).
    const asked = countByAction(await fx.calls());
    expect(asked.UpgradeRedisInquiryPrice).toBe(1);
    expect(asked.InquiryRedisPrice).toBe(1);
    const { deals } = await fx.control<{ deals: EmuDeal[] }>("/_emulator/state");
    const renewals = deals.filter((d) => d.kind === "renew");
    expect(deals.filter((d) => d.kind === "upgrade")).toMatchObject([{ price: upgrade.price }]);
    expect(renewals).toHaveLength(1);
    const quoted = await api.inquiryRedisPrice(client, {
      zoneId: 100002,
      typeId: 2,
      memSize: 2048,
      goodsNum: 1,
      period: renewals[0]?.timeSpan ?? 0,
    });
    expect(renewals[0]?.price).toBe(quoted.price);
  });
});
