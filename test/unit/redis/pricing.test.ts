import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../provider/errors";
import { BudgetError, orderLimitOf, refuseOverBudget } from "../../../provider/redis/orders/budget";
import {
  describeOrder,
  formatYuan,
  ordersOfCreate,
  ordersOfUpdate,
  renewalPieces,
  resourceNameOf,
} from "../../../provider/redis/orders/pricing";
import { diffInstance } from "../../../provider/redis/rules/plan";
import { setStackConfig } from "../../../provider/runtime/stackConfig";
import { UNKNOWN } from "../../../provider/runtime/unknown";

/** End of a day, China Standard Time (how paidThrough and deadlines are read). */
const cst = (day: string, time = "23:59:59") => Date.parse(`${day}T${time}+08:00`);
const config = (values: Record<string, string>) =>
  setStackConfig({
    get: (k: string) => values[k],
    require: (k: string) => {
      const v = values[k];
      if (v === undefined) throw new Error(`missing ${k}`);
      return v;
    },
  });

const shape = { zoneId: 100002, typeId: 2, memSize: 1024 };

describe("formatYuan: API prices in 0.01 CNY, printed in yuan", () => {
  it.each([
    [16000, "¥160.00"],
    [24460, "¥244.60"],
    [6000, "¥60.00"],
    [5, "¥0.05"],
    [0, "¥0.00"],
    [123456789, "¥1234567.89"],
  ])("%i → %s", (cents, text) => {
    expect(formatYuan(cents)).toBe(text);
  });
});

describe("describeOrder", () => {
  it("says buy / renew N months and upgrade A → B MB", () => {
    expect(describeOrder({ kind: "buy", ...shape, months: 1 })).toBe("buy 1 month");
    expect(describeOrder({ kind: "renew", ...shape, months: 3 })).toBe("renew 3 months");
    expect(describeOrder({ kind: "upgrade", redisId: "crs-1", fromMemSize: 1024, memSize: 2048 })).toBe(
      "upgrade 1024 → 2048 MB",
    );
  });
});

describe("renewalPieces: the RenewRedis periods renewUntil places", () => {
  it.each([
    ["2027-01-31", "2027-01-31", []],
    ["2027-01-31", "2027-02-01", [1]],
    ["2027-01-31", "2027-04-30", [3]],
    ["2027-01-15", "2028-04-15", [12, 3]],
    ["2027-01-15", "2029-03-15", [24, 2]],
    ["2027-01-15", "2030-01-15", [36]],
  ])("from a deadline of %s to paidThrough %s: %j", (deadline, paidThrough, pieces) => {
    expect(renewalPieces(cst(deadline), cst(paidThrough))).toEqual(pieces);
  });
});

describe("which orders a change places", () => {
  const now = cst("2027-01-10", "12:00:00");

  it("a create buys `period` months, then renews to paidThrough from the deadline that purchase gives", () => {
    expect(ordersOfCreate({ ...shape, period: 2 }, now)).toEqual({ orders: [{ kind: "buy", ...shape, months: 2 }] });
    // Bought until 2027-03-10, paid through 2027-06-30: 4 more months (to 2027-07-10).
    expect(ordersOfCreate({ ...shape, period: 2, paidThrough: "2027-06-30" }, now).orders).toEqual([
      { kind: "buy", ...shape, months: 2 },
      { kind: "renew", ...shape, months: 4 },
    ]);
    // paidThrough already inside the bought period: nothing more.
    expect(ordersOfCreate({ ...shape, period: 3, paidThrough: "2027-03-01" }, now).orders).toHaveLength(1);
  });

  it("an adoption buys nothing; an input not known at preview makes the price unknown", () => {
    expect(ordersOfCreate({ ...shape, adoptInstanceId: "crs-x" }, now)).toEqual({ orders: [] });
    expect(ordersOfCreate({ ...shape, memSize: UNKNOWN }, now)).toEqual({
      orders: [],
      unknown: "memSize is not known before up",
    });
  });

  it("an update upgrades old → new memSize, then renews the new size from the deadline in the state", () => {
    const olds = { ...shape, instanceId: "crs-1", deadline: "2027-02-11 12:00:00", paidThrough: "2027-02-10" };
    expect(ordersOfUpdate(olds, { ...shape, paidThrough: "2027-02-10" })).toEqual({ orders: [] });
    expect(ordersOfUpdate(olds, { ...shape, memSize: 2048, paidThrough: "2027-05-10" })).toEqual({
      orders: [
        { kind: "upgrade", redisId: "crs-1", fromMemSize: 1024, memSize: 2048 },
        { kind: "renew", ...shape, memSize: 2048, months: 3 },
      ],
    });
    expect(ordersOfUpdate({ ...olds, instanceId: "pending-deal-1" }, { ...shape, memSize: 2048 }).unknown).toBe(
      "the instance of an unfinished create",
    );
  });

  it("the resource's name comes from its purchase key", () => {
    expect(resourceNameOf({ __purchaseKey: "proj/dev/cache" })).toBe("cache");
    expect(resourceNameOf({})).toBe("(instance)");
  });
});

describe("the budget guard", () => {
  afterEach(() => config({}));
  const renew3 = { kind: "renew" as const, ...shape, months: 3 };

  it("takes the resource's maxOrderPrice over the stack config's, both in yuan", () => {
    config({ "tencentcloud-redis:maxOrderPrice": "99.50" });
    expect(orderLimitOf({})).toEqual({ cents: 9950, source: "stack config tencentcloud-redis:maxOrderPrice" });
    expect(orderLimitOf({ maxOrderPrice: 100 })).toEqual({ cents: 10000, source: "the resource's maxOrderPrice" });
    config({});
    expect(orderLimitOf({})).toBeUndefined();
    config({ "tencentcloud-redis:maxOrderPrice": "a lot" });
    expect(() => orderLimitOf({})).toThrow(ConfigError);
  });

  it("refuses an order above the limit with its price and the limit; an unknown price passes at preview", () => {
    const limit = { cents: 10000, source: "stack config tencentcloud-redis:maxOrderPrice" };
    expect(() => refuseOverBudget("cache", [[renew3, { price: 10000 }]], limit)).not.toThrow();
    expect(() => refuseOverBudget("cache", [[renew3, { unknown: "no credentials" }]], limit)).not.toThrow();
    expect(() => refuseOverBudget("cache", [[renew3, { price: 48000 }]], undefined)).not.toThrow();
    let err: unknown;
    try {
      refuseOverBudget("cache", [[renew3, { price: 48000 }]], limit);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BudgetError);
    expect((err as Error).message).toBe(
      'order of "cache": renew 3 months costs ¥480.00, above maxOrderPrice ¥100.00 ' +
        "(stack config tencentcloud-redis:maxOrderPrice); nothing was ordered",
    );
    expect(err).toMatchObject({ price: 48000, limit: 10000, action: "RenewRedis", retryable: false, fault: "client" });
  });

  it("changing maxOrderPrice is a change that orders nothing", () => {
    const olds = { ...shape, period: 1, password: "x", maxOrderPrice: 100 };
    expect(diffInstance(olds, { ...olds, maxOrderPrice: 50 })).toMatchObject({ changes: true, replaces: [] });
  });
});
