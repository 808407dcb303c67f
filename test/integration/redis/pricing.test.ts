import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../../../provider/api";
import { instanceProvider } from "../../../provider/redis/instance/instanceProvider";
import { setStackConfig } from "../../../provider/runtime/stackConfig";
import { resetSharedPollers } from "../../../provider/wait/registry";
import { countByAction, type EmulatorFixture, READ_ACTION, startFixture } from "../../e2e/emulatorFixture";
import { outsideClient } from "../../e2e/outOfBand";

const PASSWORD = "Price9Check!pw";
const inputs = (name: string, extra: Record<string, unknown> = {}) => ({
  zoneId: 100002,
  typeId: 2,
  memSize: 2048,
  period: 2,
  password: PASSWORD,
  __purchaseKey: `proj/dev/${name}`,
  ...extra,
});
const noConfig = {
  get: () => undefined,
  require: (k: string): string => {
    throw new Error(`missing ${k}`);
  },
};

/** The price lines of check and diff, through the provider's methods against the emulator. */
describe("prices in the plan (provider methods against the emulator)", () => {
  let fx: EmulatorFixture;
  // The price questions only: a new instance's check also reads the catalogue (catalogue.test.ts counts those).
  const priceCalls = async () => (await fx.calls()).filter((c) => /InquiryPrice$|^InquiryRedisPrice$/.test(c.action));
  let lines: string[];
  const saved = { ...process.env };

  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    process.env = saved;
    await fx?.stop();
  });
  beforeEach(async () => {
    Object.assign(process.env, fx.env);
    setStackConfig(noConfig);
    resetSharedPollers(); // a fresh provider process: empty price cache and plan total
    await fx.clearCalls();
    lines = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk).trim());
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
  });

  it("asks once per distinct order, prints one line per resource's order and the running total", async () => {
    const direct = await api.inquiryRedisPrice(outsideClient(fx), {
      zoneId: 100002,
      typeId: 2,
      memSize: 2048,
      goodsNum: 1,
      period: 2,
    });
    await fx.clearCalls();
    const check = instanceProvider.check;
    if (!check) throw new Error("no check");
    await check({}, inputs("a"));
    await check({}, inputs("b"));
    await check({}, inputs("a")); // checked again: not counted again
    expect(countByAction(await priceCalls())).toEqual({ InquiryRedisPrice: 1 });
    const price = `¥${(direct.price / 100).toFixed(2)}`;
    expect(lines).toEqual([
      `[tencentcloud-redis] a: price: buy 2 months: ${price}; plan total so far: ${price} for 1 order`,
      `[tencentcloud-redis] b: price: buy 2 months: ${price}; plan total so far: ¥${((2 * direct.price) / 100).toFixed(2)} for 2 orders`,
    ]);
  });

  it("refuses an order above maxOrderPrice in check, naming the price and the limit; nothing written", async () => {
    const check = instanceProvider.check;
    if (!check) throw new Error("no check");
    await expect(check({}, inputs("dear", { maxOrderPrice: 100 }))).rejects.toThrow(
      'order of "dear": buy 2 months costs ¥240.00, above maxOrderPrice ¥100.00 (the resource\'s maxOrderPrice)',
    );
    expect(countByAction(await priceCalls())).toEqual({ InquiryRedisPrice: 1 });
  });

  it("without credentials: no call, the line says the price is unknown, check passes", async () => {
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    const check = instanceProvider.check;
    if (!check) throw new Error("no check");
    const r = await check({}, inputs("nocreds", { maxOrderPrice: 1 }));
    expect(r.failures ?? []).toEqual([]);
    expect(lines).toEqual([
      "[tencentcloud-redis] nocreds: price: buy 2 months: price unknown (no credentials); plan total so far: ¥0.00 for 0 orders, 1 more of unknown price",
    ]);
    expect(await fx.calls()).toEqual([]);
  });
  it("a replacement is priced as a new instance (in diff, through verifyChange)", async () => {
    const diff = instanceProvider.diff;
    if (!diff) throw new Error("no diff");
    const olds = { ...inputs("moved"), instanceId: "crs-old", deadline: "2030-01-01 00:00:00" };
    const r = await diff("crs-old", olds, inputs("moved", { zoneId: 200001 }));
    expect(r.replaces).toEqual(["zoneId"]);
    expect(lines).toEqual([
      "[tencentcloud-redis] moved: price: buy 2 months: ¥240.00; plan total so far: ¥240.00 for 1 order",
    ]);
  });

  it("create asks again before buying and refuses above the limit: no CreateRedis, nothing written", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crs-price-it-"));
    process.env.TENCENTCLOUD_REDIS_JOURNAL_DIR = dir;
    await expect(instanceProvider.create({ ...inputs("guarded"), maxOrderPrice: 239.99 })).rejects.toThrow(
      'order of "guarded": buy 2 months costs ¥240.00, above maxOrderPrice ¥239.99',
    );
    expect(Object.keys(countByAction(await fx.calls())).filter((a) => !READ_ACTION.test(a))).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
