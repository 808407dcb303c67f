import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call3,
  call2017,
  control,
  createInstance,
  PASSWORD,
  redisCli,
  startTestEmulator,
  type TestEmulator,
  waitTask,
} from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ taskDelayMs: 100 });
});
afterAll(async () => {
  await t.stop();
});

async function backup(redisId: string, remark: string): Promise<string> {
  const r = await call2017(t.emu, "ManualBackupInstance", { redisId, remark });
  expect(r.code).toBe(0);
  expect(await waitTask(t.emu, (r.data as { requestId: number }).requestId)).toBe(2);
  const list = await call2017(t.emu, "GetRedisBackupList", { limit: 50, offset: 0, redisId });
  const set = (list.data as { redisBackupSet: { backupId: string; remark: string; status: number }[] }).redisBackupSet;
  const b = set.find((x) => x.remark === remark);
  expect(b?.status).toBe(2);
  return b?.backupId ?? "";
}

describe("backups, restore and download", () => {
  it("backs up, restores the data after a change, and refuses other instances' backups", async () => {
    const { redisId, port } = await createInstance(t.emu);
    const other = await createInstance(t.emu);
    await redisCli(port, PASSWORD, "SET", "k", "before");
    const backupId = await backup(redisId, "one");
    await redisCli(port, PASSWORD, "SET", "k", "after");
    const wrongPw = await call2017(t.emu, "RestoreInstance", { redisId, backupId, password: "Nope12345" });
    expect(wrongPw.message).toMatch(/^\(10712\) /);
    const foreign = await call2017(t.emu, "RestoreInstance", { redisId: other.redisId, backupId, password: PASSWORD });
    expect(foreign.message).toMatch(/^\(11213\) /);
    const r = await call2017(t.emu, "RestoreInstance", { redisId, backupId, password: PASSWORD });
    expect(await waitTask(t.emu, (r.data as { requestId: number }).requestId)).toBe(2);
    expect(await redisCli(port, PASSWORD, "GET", "k")).toBe("before");
  });

  it("serves the real RDB through a download URL that expires after 12 hours of emulator time", async () => {
    const { redisId, port } = await createInstance(t.emu);
    await redisCli(port, PASSWORD, "SET", "x", "1");
    const backupId = await backup(redisId, "dl");
    const notCluster = await call2017(t.emu, "ExportRedisBackup", { redisId, backupId });
    expect(notCluster.message).toMatch(/^\(11214\) /);
    const r = await call2017(t.emu, "GetBackupDownloadUrl", { redisId, backupId });
    const url = (r.data as { extranet: string; intranet: string }).extranet;
    expect(url.startsWith(t.emu.url)).toBe(true);
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("REDIS");
    await control(t.emu, "POST", "clock", { advanceMs: 12 * 3_600_000 + 1000 });
    expect((await fetch(url)).status).toBe(403);
  });

  it("exports a cluster backup before download and lists backups over API 3.0 with the Status filter", async () => {
    const { redisId } = await createInstance(t.emu, { typeId: 1 });
    const backupId = await backup(redisId, "cluster");
    const early = await call2017(t.emu, "GetBackupDownloadUrl", { redisId, backupId });
    expect(early.message).toMatch(/^\(10711\) /);
    const exp = await call2017(t.emu, "ExportRedisBackup", { redisId, backupId });
    expect(await waitTask(t.emu, (exp.data as { requestId: number }).requestId)).toBe(2);
    const url = ((await call2017(t.emu, "GetBackupDownloadUrl", { redisId, backupId })).data as { extranet: string })
      .extranet;
    expect((await fetch(url)).status).toBe(200);
    const all = await call3(t.emu, "redis", "DescribeInstanceBackups", { InstanceId: redisId });
    expect(all.TotalCount).toBe(1);
    expect(all.BackupSet).toEqual(all.RedisBackupSet);
    expect((all.BackupSet as { BackupId: string; Status: number }[])[0]).toMatchObject({
      BackupId: backupId,
      Status: 4,
    });
    const none = await call3(t.emu, "redis", "DescribeInstanceBackups", { InstanceId: redisId, Status: [2] });
    expect(none.TotalCount).toBe(0);
  });

  it("limits ManualBackupInstance to 24 a day and expires backups after 7 days", async () => {
    const { redisId } = await createInstance(t.emu);
    for (let i = 0; i < 24; i++) {
      const r = await call2017(t.emu, "ManualBackupInstance", { redisId, remark: `n${i}` });
      expect(r.code).toBe(0);
      await waitTask(t.emu, (r.data as { requestId: number }).requestId);
    }
    const over = await call2017(t.emu, "ManualBackupInstance", { redisId });
    expect(over.code).toBe(4000);
    expect(over.message).toMatch(/^\(11201\) .*24/);
    await control(t.emu, "POST", "clock", { advanceMs: 7 * 86_400_000 + 1000 });
    const list = await call2017(t.emu, "GetRedisBackupList", { limit: 50, offset: 0, redisId });
    expect(list.totalCount).toBe(0);
    const again = await call2017(t.emu, "ManualBackupInstance", { redisId });
    expect(again.code).toBe(0);
  });
});
