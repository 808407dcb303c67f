import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, type StackOptions, stackDir, stackOp } from "./cli";
import { countByAction, type EmulatorFixture, READ_ACTION, startFixture } from "./emulatorFixture";
import { previewSteps, upSteps } from "./planSteps";

const PROGRAM = path.join(REPO, "test/e2e/programs/dependents.ts");
const DAY_MS = 24 * 3600_000;
const cstDate = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

const isWrite = (action: string) => !READ_ACTION.test(action) || action === "GetBackupDownloadUrl";

/**
 * Issue 13 item 1: what `pulumi preview` shows is what `pulumi up` then does. A program with dependents (a Backup on
 * the instance, and an endpoint record fed by the instance's and the backup's outputs) goes through every kind of
 * change the two resources support; for each, the steps of `preview --json` equal the steps `up --json` carried out.
 * Before the fix, a memSize + name change previewed the Backup as replaced and the endpoint as updated.
 */
describe("the preview of each change is exactly what up then does", () => {
  let fx: EmulatorFixture;
  let base: StackOptions;
  const config: Record<string, string> = {};
  let password = "Prev1ew#Truth";
  const run = (op: string) =>
    stackOp(op, { ...base, json: true, config: { ...config }, secretConfig: { redisPassword: password } });
  const state = () =>
    fx.control<{ instances: { redisId: string; redisName: string; size: number }[]; backups: { backupId: string }[] }>(
      "/_emulator/state",
    );

  beforeAll(async () => {
    fx = await startFixture({ dealDelayMs: 500, taskDelayMs: 300 });
    base = { program: PROGRAM, dir: stackDir("preview-truth"), env: fx.env };
    const up = await run("up");
    expect(up.code, up.stderr).toBe(0);
    expect(upSteps(up.stdout)).toEqual([
      "create endpoint",
      "create orders",
      "create snap",
      "create tencentcloud-redis-dev",
    ]);
  }, 240_000);
  afterAll(async () => {
    await fx?.stop();
  });

  /** `writes`: the actions the up must call that change something (and GetBackupDownloadUrl, which hands out a URL). */
  const changes: { kind: string; change: () => Promise<unknown>; writes: string[]; steps: string[] }[] = [
    {
      kind: "memSize and name (the issue's example)",
      change: async () => Object.assign(config, { memSize: "2048", name: "orders-renamed" }),
      writes: ["ModifyRedisName", "UpgradeRedis"],
      steps: ["update orders"],
    },
    {
      kind: "projectId",
      change: async () => Object.assign(config, { projectId: "1" }),
      writes: ["ModifyRedisProject"],
      steps: ["update orders"],
    },
    {
      kind: "autoRenew",
      change: async () => Object.assign(config, { autoRenew: "1" }),
      writes: ["SetRedisAutoRenew"],
      steps: ["update orders"],
    },
    {
      kind: "password",
      change: async () => {
        password = "Prev1ew#Truth2";
      },
      writes: ["ModfiyRedisPassword"],
      steps: ["update orders"],
    },
    {
      kind: "memSize alone",
      change: async () => Object.assign(config, { memSize: "3072" }),
      writes: ["UpgradeRedis"],
      steps: ["update orders"],
    },
    {
      kind: "paidThrough",
      change: async () => Object.assign(config, { paidThrough: cstDate(Date.now() + 75 * DAY_MS) }),
      writes: ["RenewRedis"],
      steps: ["update orders"],
    },
    {
      kind: "restoreBackupId",
      change: async () => {
        const [b] = (await state()).backups;
        Object.assign(config, { restoreBackupId: b?.backupId ?? "" });
      },
      writes: ["RestoreInstance"],
      steps: ["update orders"],
    },
    {
      kind: "a backup's export",
      change: async () => Object.assign(config, { exportBackup: "true" }),
      // A standalone instance's backup downloads without ExportRedisBackup (the cloud exports only cluster backups).
      writes: ["GetBackupDownloadUrl"],
      steps: ["update snap"],
    },
    {
      // A real replacement: the new backup's id is unknown until it is made, so the endpoint fed by it updates too.
      kind: "a backup's remark",
      change: async () => Object.assign(config, { backupRemark: "second" }),
      writes: ["GetBackupDownloadUrl", "ManualBackupInstance"],
      steps: ["replace snap", "update endpoint"],
    },
  ];

  for (const c of changes) {
    it(`${c.kind}: preview plans ${c.steps.join(", ")} and up does exactly that`, async () => {
      await c.change();
      await fx.clearCalls();
      const pre = await run("preview");
      expect(pre.code, pre.stderr).toBe(0);
      const planned = previewSteps(pre.stdout);
      const previewWrites = (await fx.calls()).map((x) => x.action).filter(isWrite);
      await fx.clearCalls();
      const up = await run("up");
      expect(up.code, up.stderr).toBe(0);
      const done = upSteps(up.stdout);
      const upCalls = countByAction(await fx.calls());
      const writes = Object.keys(upCalls).filter(isWrite).sort();

      expect(planned).toEqual(done);
      expect(done).toEqual(c.steps);
      // The preview called nothing that writes; the up called what the change needs (it was not a no-op).
      expect(previewWrites).toEqual([]);
      expect(writes, JSON.stringify(upCalls)).toEqual(c.writes);
    }, 180_000);
  }

  it("a no-op up (nothing changed since the last one) plans and does nothing, with at most one DescribeRedis", async () => {
    await fx.clearCalls();
    const pre = await run("preview");
    const up = await run("up");
    expect(up.code, up.stderr).toBe(0);
    expect(previewSteps(pre.stdout)).toEqual([]);
    expect(upSteps(up.stdout)).toEqual([]);
    const calls = countByAction(await fx.calls());
    expect(calls.DescribeRedis ?? 0).toBeLessThanOrEqual(1);
    expect(Object.keys(calls).filter(isWrite)).toEqual([]);
  }, 120_000);

  it("without credentials (a fork's pull request) the preview still plans in-place changes, exits 0 and says what it could not verify", async () => {
    const { TENCENTCLOUD_SECRET_ID: _id, TENCENTCLOUD_SECRET_KEY: _key, ...noCredentials } = fx.env;
    const [, second] = (await state()).backups.map((b) => b.backupId);
    Object.assign(config, { name: "orders-forked", restoreBackupId: second ?? "" });
    await fx.clearCalls();
    const pre = await stackOp("preview", {
      ...base,
      env: noCredentials,
      config: { ...config },
      secretConfig: { redisPassword: password },
    });
    expect(pre.code, pre.stdout + pre.stderr).toBe(0);
    expect(pre.stdout).toMatch(/~ .*tencentcloud-redis:Instance orders update/);
    expect(pre.stdout).toMatch(
      /orders: not verified without credentials: that restoreBackupId \S+ is a backup of crs-\w+/,
    );
    expect(pre.stdout).toMatch(/no credentials in this preview: instance addresses \(host, port\) .* unknown/);
    expect(`${pre.stdout}\n${pre.stderr}`).not.toMatch(/^\s+at .*\.(js|ts):\d+/m);
    expect(await fx.calls()).toEqual([]);
  }, 120_000);
});
