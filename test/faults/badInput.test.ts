import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupProvider } from "../../provider/redis/backup/backupProvider";
import { instanceProvider } from "../../provider/redis/instance/instanceProvider";
import { sqlserverBackupProvider } from "../../provider/sqlserver/backupProvider";
import { REPO, stackDir, stackOp } from "../e2e/cli";
import { countByAction, type EmulatorFixture, READ_ACTION, startFixture } from "../e2e/emulatorFixture";

/** Each bad resource of programs/badInputs.ts and the rule its refusal must quote. */
const RULES: [resource: string, rule: RegExp][] = [
  ["bad-type", /typeId must be 1 \(cluster\) or 2 \(standalone\)/],
  ["bad-mem-multiple", /memSize must be a multiple of 1024 MB \(got 1500\)/],
  // The static rule (no credentials) or the catalogue's (Hong Kong Zone 1 sells standalone up to 40960 MB).
  [
    "bad-mem-range",
    /memSize must be within \[1024, 61440\] MB for typeId 2 \(got 65536\)|memSize 65536 MB is not sold for typeId 2 .*sells \[1024, 40960\] MB there \(rule from the catalogue\)/,
  ],
  ["bad-period", /period must be one of 1, 2, .*, 24, 36 months \(got 13\)/],
  ["bad-pw-length", /password must be 8-16 characters/],
  ["bad-pw-kinds", /password must be 8-16 characters comprised of at least two/],
  ["bad-pw-chars", /password may only contain letters, numbers and/],
  ["bad-name", /name must be 1-36 characters of letters, digits/],
  ["bad-autorenew", /autoRenew must be 0 \(notify\), 1 \(auto-renew\) or 2 \(neither\)/],
  ["bad-paid-through", /paidThrough must be a date such as 2027-06-30/],
  ["bad-subnet", /subnetId needs vpcId/],
  ["bad-project", /projectId must be 0 or a positive project id/],
  ["bad-zone", /zoneId must be a whole number/],
  ["bad-backup-id", /instanceId must be a CRS instance id/],
  ["bad-backup-remark", /remark must be text of at most 128 characters/],
  ["bad-sql-id", /instanceId must look like mssql-/],
  ["bad-sql-strategy", /strategy must be 0 \(instance backup\) or 1 \(multi-database backup\)/],
  ["bad-sql-needs-dbs", /strategy 1 \(multi-database backup\) needs dbNames/],
  ["bad-sql-dbs-for-0", /dbNames is only for strategy 1/],
];

type Provider = { check?: (olds: Record<string, unknown>, news: Record<string, unknown>) => Promise<unknown> };
const INSTANCE = { zoneId: 100002, typeId: 2, memSize: 1024, password: "Valid1!pass" };

/** The inputs of each bad resource (as in programs/badInputs.ts), for the providers' own `check`. */
const CASES: Record<string, [Provider, Record<string, unknown>, Record<string, unknown>?]> = {
  "bad-type": [instanceProvider, { ...INSTANCE, typeId: 3 }],
  "bad-mem-multiple": [instanceProvider, { ...INSTANCE, memSize: 1500 }],
  "bad-mem-range": [instanceProvider, { ...INSTANCE, zoneId: 300001, memSize: 65536 }],
  "bad-period": [instanceProvider, { ...INSTANCE, period: 13 }],
  "bad-pw-length": [instanceProvider, { ...INSTANCE, password: "Sh0rt!" }],
  "bad-pw-kinds": [instanceProvider, { ...INSTANCE, password: "onlyletters" }],
  "bad-pw-chars": [instanceProvider, { ...INSTANCE, password: "Spaces 1234" }],
  "bad-name": [instanceProvider, { ...INSTANCE, name: "no spaces allowed!" }],
  "bad-autorenew": [instanceProvider, { ...INSTANCE, autoRenew: 5 }],
  "bad-paid-through": [instanceProvider, { ...INSTANCE, paidThrough: "next-year" }],
  "bad-subnet": [instanceProvider, { ...INSTANCE, subnetId: "subnet-abc" }],
  "bad-project": [instanceProvider, { ...INSTANCE, projectId: -1 }],
  "bad-zone": [instanceProvider, { ...INSTANCE, zoneId: 1.5 }],
  "bad-backup-id": [backupProvider, { instanceId: "not-an-instance", remark: "x" }],
  "bad-backup-remark": [backupProvider, { instanceId: "crs-abcdef12", remark: "r".repeat(129) }],
  "bad-sql-id": [sqlserverBackupProvider, { instanceId: "mysql-1", strategy: 0 }],
  "bad-sql-strategy": [sqlserverBackupProvider, { instanceId: "mssql-e2e0001", strategy: 2 }],
  "bad-sql-needs-dbs": [sqlserverBackupProvider, { instanceId: "mssql-e2e0001", strategy: 1 }],
  "bad-sql-dbs-for-0": [sqlserverBackupProvider, { instanceId: "mssql-e2e0001", strategy: 0, dbNames: ["db1"] }],
  "bad-mem-shrink": [instanceProvider, { ...INSTANCE, memSize: 1024 }, { ...INSTANCE, memSize: 2048 }],
};
RULES.push(["bad-mem-shrink", /memSize cannot shrink from 2048 to 1024 MB: UpgradeRedis only grows an instance/]);

/**
 * Every documented input rule refused by the providers' `check` (what `pulumi preview` runs) with the rule named, and
 * a real `pulumi preview` of one program holding one bad resource per rule: it fails, names the rules of the
 * resources it checked (the engine stops at the first failed check, so not every one is printed), and sends the
 * cloud nothing but reads.
 */
describe("fault suite: bad input refused at preview", () => {
  it.each(RULES)("check refuses %s with its rule", async (resource, rule) => {
    const [provider, news, olds] = CASES[resource] ?? [{}, {}];
    const result = (await provider.check?.(olds ?? {}, news)) as { failures?: { property: string; reason: string }[] };
    const reasons = (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
    expect(
      reasons.some((r) => rule.test(r)),
      reasons.join("\n"),
    ).toBe(true);
    // Never echoes a secret it refused.
    if (typeof news.password === "string") for (const r of reasons) expect(r).not.toContain(news.password);
  });

  describe("one real pulumi preview", () => {
    let fx: EmulatorFixture;
    let output = "";
    let code: number | null = null;

    beforeAll(async () => {
      fx = await startFixture();
      const pre = await stackOp("preview", {
        program: path.join(REPO, "test/faults/programs/badInputs.ts"),
        dir: stackDir("faults-bad-input"),
        env: fx.env,
      });
      output = pre.stdout + pre.stderr;
      code = pre.code;
    });
    afterAll(async () => {
      await fx?.stop();
    });

    it("fails, names the rule of each resource it refused, and writes nothing to the cloud", async () => {
      expect(code).not.toBe(0);
      const named = RULES.filter(([resource, rule]) => output.includes(resource) && rule.test(output));
      expect(named.length, output.slice(-3000)).toBeGreaterThan(0);
      const writes = Object.keys(countByAction(await fx.calls())).filter((a) => !READ_ACTION.test(a));
      expect(writes).toEqual([]);
    });
  });
});
