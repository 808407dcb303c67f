import { describe, expect, it } from "vitest";
import { parsePaidThrough } from "../../../provider/redis/rules/instanceInputs";
import { addMonthsUtc, diffInstance, monthsToRenew, planUpdate } from "../../../provider/redis/rules/plan";

const PASSWORD = "Zq7Xw3Kp9Lm2";
const base = (): Record<string, unknown> => ({
  zoneId: 100002,
  typeId: 2,
  memSize: 2048,
  period: 1,
  password: PASSWORD,
  name: "cache",
  projectId: 0,
  vpcId: "vpc-1",
  subnetId: "subnet-1",
  autoRenew: 0,
  paidThrough: "2027-06-30",
  restoreBackupId: "bk-1",
  finalBackup: true,
  clearOnDelete: false,
  adoptInstanceId: "crs-1",
  waitTimeoutSeconds: 600,
});

describe("diffInstance", () => {
  it("reports nothing when no input changed, even if provider internals and outputs did", () => {
    const olds = { ...base(), __provider: "old", instanceId: "crs-1", status: 2 };
    const news = { ...base(), __provider: "new" };
    expect(diffInstance(olds, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it.each(["zoneId", "typeId", "vpcId", "subnetId"])("a change of %s replaces, and only it", (key) => {
    const news = { ...base(), [key]: key.endsWith("Id") && typeof base()[key] === "number" ? 9 : "other" };
    expect(diffInstance(base(), news)).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: false });
  });

  it("lists every changed replacing field", () => {
    const news = { ...base(), zoneId: 100003, subnetId: "subnet-2" };
    expect(diffInstance(base(), news).replaces).toEqual(["zoneId", "subnetId"]);
  });

  it.each([
    ["name", "renamed"],
    ["projectId", 5],
    ["autoRenew", 1],
    ["password", "Other9Pass"],
    ["memSize", 4096],
    ["paidThrough", "2027-12-31"],
    ["restoreBackupId", "bk-2"],
    ["period", 12],
    ["finalBackup", false],
    ["clearOnDelete", true],
    ["adoptInstanceId", "crs-2"],
    ["waitTimeoutSeconds", 900],
  ])("a change of %s is an in-place change", (key, value) => {
    expect(diffInstance(base(), { ...base(), [key]: value })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("treats a removed optional input as a change and undefined as equal to absent", () => {
    const { finalBackup: _f, ...withoutFinalBackup } = base();
    expect(diffInstance(base(), withoutFinalBackup).changes).toBe(true);
    expect(diffInstance(withoutFinalBackup, { ...withoutFinalBackup, finalBackup: undefined }).changes).toBe(false);
  });

  it("shows no change when name, projectId or autoRenew leaves the program: the instance keeps them, no step runs", () => {
    // An import (or a moved stack) records what the cloud has; a program that leaves these out must not preview an
    // update that `up` then does not make.
    for (const key of ["name", "projectId", "autoRenew"]) {
      const { [key]: _gone, ...without } = base();
      expect(diffInstance(base(), without).changes, key).toBe(false);
      expect(planUpdate(base(), without), key).toEqual(planUpdate(base(), base()));
    }
  });
});

describe("planUpdate", () => {
  it("runs every step in the documented order", () => {
    const olds = { ...base(), restoreBackupId: undefined };
    const news = {
      ...base(),
      name: "renamed",
      projectId: 7,
      autoRenew: 1,
      password: "Other9Pass",
      memSize: 4096,
      paidThrough: "2027-12-31",
      restoreBackupId: "bk-9",
    };
    expect(planUpdate(olds, news)).toEqual([
      { kind: "rename", name: "renamed" },
      { kind: "moveProject", projectId: 7 },
      { kind: "autoRenew", flag: 1 },
      { kind: "password" },
      { kind: "upgrade", memSize: 4096 },
      { kind: "renew", paidThrough: "2027-12-31" },
      { kind: "restore", backupId: "bk-9" },
    ]);
  });

  it("plans no upgrade when memSize is equal or smaller", () => {
    const { paidThrough: _p, ...olds } = base();
    expect(planUpdate(olds, { ...olds })).toEqual([]);
    expect(planUpdate(olds, { ...olds, memSize: 1024 })).toEqual([]);
  });

  it("never puts the password in a step", () => {
    const steps = planUpdate(base(), { ...base(), password: "Other9Pass" });
    expect(steps).toContainEqual({ kind: "password" });
    expect(JSON.stringify(steps)).not.toContain("Other9Pass");
    expect(JSON.stringify(steps)).not.toContain(PASSWORD);
  });

  it("always plans a renew check for a valid paidThrough (the months are decided from the live deadline)", () => {
    expect(planUpdate(base(), base())).toEqual([{ kind: "renew", paidThrough: "2027-06-30" }]);
    expect(planUpdate(base(), { ...base(), paidThrough: "not-a-date" })).toEqual([]);
  });

  it("does not restore the same backup twice or an empty id", () => {
    const { paidThrough: _p, ...olds } = base();
    expect(planUpdate(olds, { ...olds })).toEqual([]);
    expect(planUpdate({ ...olds, restoreBackupId: undefined }, { ...olds, restoreBackupId: "" })).toEqual([]);
  });
});

describe("monthsToRenew", () => {
  const eod = (date: string) => parsePaidThrough(date)!;

  it("is 0 when the deadline already reaches the date", () => {
    expect(monthsToRenew(eod("2027-06-30"), eod("2027-06-30"))).toBe(0);
    expect(monthsToRenew(eod("2027-07-31"), eod("2027-06-30"))).toBe(0);
  });

  it("counts whole months up to the date", () => {
    expect(monthsToRenew(eod("2027-01-15"), eod("2027-02-15"))).toBe(1);
    expect(monthsToRenew(eod("2027-01-15"), eod("2027-02-16"))).toBe(2);
    expect(monthsToRenew(eod("2027-01-15"), eod("2028-01-15"))).toBe(12);
  });

  it("clamps at month ends: Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year)", () => {
    expect(addMonthsUtc(new Date("2027-01-31T15:59:59Z"), 1).toISOString()).toBe("2027-02-28T15:59:59.000Z");
    expect(addMonthsUtc(new Date("2028-01-31T15:59:59Z"), 1).toISOString()).toBe("2028-02-29T15:59:59.000Z");
    expect(monthsToRenew(eod("2027-01-31"), eod("2027-02-28"))).toBe(1);
    expect(monthsToRenew(eod("2027-01-31"), eod("2027-03-01"))).toBe(2);
  });

  it("adds months to the original deadline, so a clamp does not carry over (Jan 31 + 2 months is Mar 31)", () => {
    expect(addMonthsUtc(new Date("2027-01-31T15:59:59Z"), 2).toISOString()).toBe("2027-03-31T15:59:59.000Z");
    expect(monthsToRenew(eod("2027-01-31"), eod("2027-03-31"))).toBe(2);
  });

  it("crosses a year end", () => {
    expect(addMonthsUtc(new Date("2027-11-30T15:59:59Z"), 3).toISOString()).toBe("2028-02-29T15:59:59.000Z");
    expect(monthsToRenew(eod("2027-12-31"), eod("2028-01-31"))).toBe(1);
  });
});

describe("monthsToRenew on the cloud's calendar (UTC+8)", () => {
  const cst = (s: string) => Date.parse(`${s}+08:00`);
  it("renews one month when the deadline early on 1 March must reach 31 March", () => {
    expect(monthsToRenew(cst("2027-03-01T05:00:00"), cst("2027-03-31T23:59:59"))).toBe(1);
  });
  it("renews two months from 31 March 05:00 to reach the end of 30 April", () => {
    expect(monthsToRenew(cst("2027-03-31T05:00:00"), cst("2027-04-30T23:59:59"))).toBe(2);
  });
});
