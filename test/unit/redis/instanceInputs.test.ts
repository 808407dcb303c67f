import { describe, expect, it } from "vitest";
import { checkInstanceInputs, parsePaidThrough } from "../../../provider/redis/rules/instanceInputs";
import { UNKNOWN } from "../../../provider/runtime/unknown";

/** The preview marker Pulumi sends for a value that is not computed yet. */
const PREVIEW_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const PASSWORD = "Zq7Xw3Kp9Lm2";

const valid = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  zoneId: 100002,
  typeId: 2,
  memSize: 2048,
  period: 1,
  password: PASSWORD,
  ...over,
});

const check = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => checkInstanceInputs(olds, news);
const failedProps = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
  (check(news, olds).failures ?? []).map((f) => f.property);
const reasonFor = (property: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
  (check(news, olds).failures ?? []).find((f) => f.property === property)?.reason;

describe("checkInstanceInputs", () => {
  it("uses the same marker as Pulumi's preview", () => expect(UNKNOWN).toBe(PREVIEW_UNKNOWN));

  it("accepts a valid instance and passes its inputs through", () => {
    const news = valid({ name: "cache_1-a", projectId: 0, autoRenew: 1, paidThrough: "2027-06-30", __provider: "x" });
    const result = check(news);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual(news);
  });

  it("defaults period to 1 month", () => {
    const { period: _omit, ...news } = valid();
    const result = check(news);
    expect(result.failures).toEqual([]);
    expect(result.inputs?.period).toBe(1);
  });

  it.each(["zoneId", "typeId", "memSize", "password"])("requires %s", (key) => {
    const news = valid();
    delete news[key];
    expect(failedProps(news)).toContain(key);
  });

  describe("memSize", () => {
    it("must be a multiple of 1024", () => {
      expect(reasonFor("memSize", valid({ memSize: 1500 }))).toMatch(/multiple of 1024/);
    });
    it.each([
      [2, 1024],
      [2, 61_440],
      [1, 1024],
      [1, 307_200],
    ])("typeId %i accepts %i MB", (typeId, memSize) => {
      expect(check(valid({ typeId, memSize })).failures).toEqual([]);
    });
    it.each([
      [2, 0],
      [2, 62_464],
      [1, 308_224],
    ])("typeId %i refuses %i MB, naming the range", (typeId, memSize) => {
      const max = typeId === 1 ? 307_200 : 61_440;
      expect(reasonFor("memSize", valid({ typeId, memSize }))).toContain(`[1024, ${max}]`);
    });
    it("must be a whole number", () => {
      expect(reasonFor("memSize", valid({ memSize: 1024.5 }))).toMatch(/whole number/);
    });

    it("refuses a shrink and says how to replace the instance", () => {
      const reason = reasonFor("memSize", valid({ memSize: 2048 }), valid({ memSize: 4096 }));
      expect(reason).toMatch(/cannot shrink from 4096 to 2048/);
      expect(reason).toMatch(/replace/);
      expect(reason).toContain("pulumi up --replace");
    });
    it("refuses a shrink that comes with an in-place change only", () => {
      expect(failedProps(valid({ memSize: 1024, name: "renamed" }), valid({ memSize: 2048 }))).toEqual(["memSize"]);
    });
    it("accepts a grow and an equal size", () => {
      expect(check(valid({ memSize: 4096 }), valid({ memSize: 2048 })).failures).toEqual([]);
      expect(check(valid({ memSize: 2048 }), valid({ memSize: 2048 })).failures).toEqual([]);
    });
    it.each([
      ["zoneId", { zoneId: 100003 }],
      ["typeId", { typeId: 1 }],
      ["vpcId", { vpcId: "vpc-2", subnetId: "subnet-1" }],
      ["subnetId", { vpcId: "vpc-1", subnetId: "subnet-2" }],
    ])("accepts a shrink when %s also changes (a replacement)", (_key, change) => {
      const olds = valid({ memSize: 4096, vpcId: "vpc-1", subnetId: "subnet-1" });
      const news = valid({ memSize: 2048, vpcId: "vpc-1", subnetId: "subnet-1", ...change });
      expect(check(news, olds).failures).toEqual([]);
    });
  });

  describe("period", () => {
    it.each([1, 2, 6, 11, 12, 24, 36])("accepts %i", (period) => expect(check(valid({ period })).failures).toEqual([]));
    it.each([0, 13, 18, 48, -1])("refuses %i, listing the allowed values", (period) => {
      expect(reasonFor("period", valid({ period }))).toContain("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36");
    });
  });

  describe("name", () => {
    it.each(["a", "A-b_9", "x".repeat(36)])("accepts %j", (name) =>
      expect(check(valid({ name })).failures).toEqual([]),
    );
    it.each(["", "x".repeat(37), "has space", "dot.name", "名字"])("refuses %j", (name) => {
      expect(reasonFor("name", valid({ name }))).toMatch(/1-36 characters/);
    });
  });

  describe("typeId and autoRenew", () => {
    it.each([0, 3, "1"])("typeId %j is refused with the allowed values", (typeId) => {
      expect(reasonFor("typeId", valid({ typeId }))).toBe("typeId must be 1 (cluster) or 2 (standalone)");
    });
    it.each([0, 1, 2])("autoRenew %i is accepted", (autoRenew) => {
      expect(check(valid({ autoRenew })).failures).toEqual([]);
    });
    it.each([3, -1, "1"])("autoRenew %j is refused", (autoRenew) => {
      expect(reasonFor("autoRenew", valid({ autoRenew }))).toMatch(/autoRenew must be 0 .*1 .*or 2/);
    });
  });

  describe("paidThrough", () => {
    it.each(["2027-02-30", "2027-13-01", "30/06/2027", "2027-6-30", "tomorrow"])("refuses %j", (paidThrough) => {
      expect(reasonFor("paidThrough", valid({ paidThrough }))).toMatch(/must be a date such as/);
    });
    it("accepts a leap day", () => expect(check(valid({ paidThrough: "2028-02-29" })).failures).toEqual([]));
  });

  describe("network", () => {
    it("refuses subnetId without vpcId", () => {
      expect(reasonFor("subnetId", valid({ subnetId: "subnet-1" }))).toMatch(/needs vpcId/);
    });
    it("accepts subnetId with vpcId", () => {
      expect(check(valid({ vpcId: "vpc-1", subnetId: "subnet-1" })).failures).toEqual([]);
    });
    it("does not judge an unknown subnetId", () => {
      expect(check(valid({ subnetId: PREVIEW_UNKNOWN })).failures).toEqual([]);
    });
    // BUG (reported, not fixed here): `known("vpcId")` treats an unknown vpcId as missing, so a literal subnetId with a
    // VPC created in the same program fails preview. Drop `.fails` once instanceInputs.ts is fixed.
    it("does not judge subnetId against a vpcId unknown at preview", () => {
      expect(check(valid({ vpcId: PREVIEW_UNKNOWN, subnetId: "subnet-1" })).failures).toEqual([]);
    });
  });

  it("refuses a negative projectId", () => {
    expect(failedProps(valid({ projectId: -1 }))).toEqual(["projectId"]);
  });

  describe("unknown preview values", () => {
    it.each(["zoneId", "typeId", "memSize", "period", "password", "name", "autoRenew", "paidThrough"])(
      "does not judge an unknown %s and keeps it in the inputs",
      (key) => {
        const news = valid({ [key]: PREVIEW_UNKNOWN });
        const result = check(news, valid({ memSize: 4096 }));
        expect((result.failures ?? []).filter((f) => f.property === key)).toEqual([]);
        expect(result.inputs?.[key]).toBe(PREVIEW_UNKNOWN);
      },
    );
    it("does not refuse a shrink whose new size is unknown", () => {
      expect(check(valid({ memSize: PREVIEW_UNKNOWN }), valid({ memSize: 4096 })).failures).toEqual([]);
    });
  });

  it("never echoes the password in a failure", () => {
    for (const password of ["Zq7", "ZqXwKpLmVbNr", "Zq7 Xw3Kp9"]) {
      const failures = check(valid({ password })).failures ?? [];
      expect(failures.map((f) => f.property)).toEqual(["password"]);
      expect(JSON.stringify(failures)).not.toContain(password);
    }
  });
});

describe("parsePaidThrough", () => {
  it("is the end of that day in UTC+8", () => {
    expect(parsePaidThrough("2027-06-30")).toBe(Date.parse("2027-06-30T23:59:59+08:00"));
    expect(parsePaidThrough("2027-06-30")).toBe(Date.parse("2027-06-30T15:59:59Z"));
  });
  it("handles year and leap-year boundaries", () => {
    expect(parsePaidThrough("2027-12-31")).toBe(Date.parse("2027-12-31T15:59:59Z"));
    expect(parsePaidThrough("2028-02-29")).toBe(Date.parse("2028-02-29T15:59:59Z"));
  });
  it.each(["2027-02-29", "2027-04-31", "2027-00-10", "2027-06-30T00:00:00", "", " 2027-06-30"])(
    "returns undefined for %j",
    (value) => expect(parsePaidThrough(value)).toBeUndefined(),
  );
});
