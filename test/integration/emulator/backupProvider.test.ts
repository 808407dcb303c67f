import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backupProvider } from "../../../provider/redis/backup/backupProvider";
import { PartialError } from "../../../provider/runtime/partial";
import { sqlserverBackupProvider } from "../../../provider/sqlserver/backupProvider";
import { control, createInstance, SECRET_ID, SECRET_KEY, startTestEmulator, type TestEmulator } from "./helpers";

/**
 * The Backup provider's create/update as the dynamic-provider host calls them, in this process, against the emulator:
 * what happens when an export's answer is lost, when the URL fetch fails after a good export, and when two Backups of
 * one instance are made at once.
 */
let t: TestEmulator;
const saved: Record<string, string | undefined> = {};
const ENV = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_REGION", "TENCENTCLOUD_REDIS_ENDPOINT"];

beforeAll(async () => {
  t = await startTestEmulator({ taskDelayMs: 100 });
  for (const k of ENV) saved[k] = process.env[k];
  Object.assign(process.env, {
    TENCENTCLOUD_SECRET_ID: SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
    TENCENTCLOUD_REGION: "ap-guangzhou",
    TENCENTCLOUD_REDIS_ENDPOINT: t.emu.url,
  });
});
afterAll(async () => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await t?.stop();
});
beforeEach(async () => {
  await control(t.emu, "DELETE", "faults");
  await control(t.emu, "DELETE", "calls");
});

interface Call {
  action: string;
  params: Record<string, unknown>;
}
const calls = async (action: string): Promise<Call[]> =>
  ((await control(t.emu, "GET", "calls")).calls as Call[]).filter((c) => c.action === action);
const fault = (action: string, kind: string, times = 1) => control(t.emu, "POST", "faults", { action, kind, times });
const backupsOf = async (redisId: string) =>
  ((await control(t.emu, "GET", "state")).backups as { backupId: string; redisId: string; remark: string }[]).filter(
    (b) => b.redisId === redisId,
  );

/** Runs create; a PartialError is what the engine keeps in the state for the next `up`. */
async function createOrPartial(inputs: Record<string, unknown>) {
  try {
    return { ok: await backupProvider.create(inputs) };
  } catch (err) {
    if (err instanceof PartialError) return { partial: err };
    throw err;
  }
}

describe("Backup export: a lost ExportRedisBackup answer and a failed URL fetch", () => {
  it("a lost ExportRedisBackup answer is not sent again: the export state of the backup shows it ran", async () => {
    const { redisId } = await createInstance(t.emu, { typeId: 1 });
    await fault("ExportRedisBackup", "dropAfterCommit");
    const inputs = { instanceId: redisId, remark: "lost-export", export: true };
    const r = await createOrPartial(inputs);
    expect(r.partial?.message).toBeUndefined();
    expect(r.ok?.outs.downloadUrl).toMatch(/^http/);
    expect(await calls("ExportRedisBackup")).toHaveLength(1);
  });

  it("a lost ExportRedisBackup answer with no export to show stops with a clear error; the next up looks again", async () => {
    const { redisId } = await createInstance(t.emu, { typeId: 1 });
    // The connection is reset before the emulator runs the action: nothing was exported, but the client cannot know.
    await fault("ExportRedisBackup", "reset");
    const inputs = { instanceId: redisId, remark: "reset-export", export: true };
    const r = await createOrPartial(inputs);
    const partial = r.partial as PartialError;
    expect(partial.message).toMatch(/answer was lost .* not sent again/s);
    expect(partial.properties).toMatchObject({ backupId: partial.id, export: false });
    expect(await calls("ExportRedisBackup")).toHaveLength(1);
    // The next `pulumi up` finds status 2 (no export took place) and exports then.
    const update = backupProvider.update;
    if (!update) throw new Error("the Backup provider has no update");
    const next = await update(partial.id, partial.properties, inputs);
    expect(next.outs?.downloadUrl).toMatch(/^http/);
    expect(await calls("ExportRedisBackup")).toHaveLength(2);
  });

  it("after a good export whose URL fetch failed, the next up fetches the URL instead of exporting again (10711)", async () => {
    const { redisId } = await createInstance(t.emu, { typeId: 1 });
    // Not retryable (a 200 answer of the wrong shape), so the first URL fetch fails for good.
    await fault("GetBackupDownloadUrl", "missingField");
    const inputs = { instanceId: redisId, remark: "url-failed", export: true };
    const r = await createOrPartial(inputs);
    expect(r.partial, "the URL fetch was made to fail").toBeDefined();
    const partial = r.partial as PartialError;
    expect(await calls("ExportRedisBackup")).toHaveLength(1);
    // The next `pulumi up`: the engine calls update with the partial state as olds.
    const update = backupProvider.update;
    if (!update) throw new Error("the Backup provider has no update");
    const next = await update(partial.id, partial.properties, inputs);
    expect(next.outs?.downloadUrl).toMatch(/^http/);
    const exports = await calls("ExportRedisBackup");
    expect(exports, "exported once, never again after it succeeded").toHaveLength(1);
  });
});

describe("sqlserver.Backup refresh against the emulator", () => {
  it("reads the flow: a made backup stays succeeded, a flow the cloud does not know leaves the state", async () => {
    const made = await sqlserverBackupProvider.create({ instanceId: "mssql-test1", strategy: 0 });
    const read = sqlserverBackupProvider.read;
    if (!read) throw new Error("no read");
    await control(t.emu, "DELETE", "calls");
    expect(await read(made.id, made.outs)).toEqual({ id: made.id, props: made.outs });
    expect(await calls("DescribeFlowStatus")).toHaveLength(1);
    const gone = await read("mssql-test1/999999", { ...made.outs, flowId: 999999 });
    expect(gone.id).toBe("");
  });
});

describe("two Backups of one instance in one run", () => {
  // A backup task long enough that the second ManualBackupInstance (refused with 10707 while the first runs, and
  // retried) starts in a later second than the first: "the new backup closest to when I started" is then the other's.
  beforeAll(async () => {
    await t.stop();
    t = await startTestEmulator({ taskDelayMs: 1500 });
    process.env.TENCENTCLOUD_REDIS_ENDPOINT = t.emu.url;
  });
  for (const remarks of [
    ["nightly-a", "nightly-b"],
    ["same", "same"],
    [undefined, undefined],
  ]) {
    it(`record two distinct backupIds (remarks ${JSON.stringify(remarks)})`, async () => {
      const { redisId } = await createInstance(t.emu);
      const made = await Promise.all(
        remarks.map((remark) => backupProvider.create({ instanceId: redisId, ...(remark ? { remark } : {}) })),
      );
      const ids = made.map((m) => m.id);
      expect(new Set(ids).size, JSON.stringify(ids)).toBe(2);
      const listed = await backupsOf(redisId);
      expect(listed.map((b) => b.backupId).sort()).toEqual([...ids].sort());
      for (const [i, remark] of remarks.entries()) {
        expect(listed.find((b) => b.backupId === ids[i])?.remark).toBe(remark ?? "");
      }
    });
  }
});
