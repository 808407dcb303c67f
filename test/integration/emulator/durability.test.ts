import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { call2017, createInstance, describeOne, PASSWORD, redisCli, startTestEmulator } from "./helpers";

const dataDir = mkdtempSync(join(tmpdir(), "crs-emu-durable-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("durability", () => {
  it("keeps instances, deals, tasks, backups and redis data across a restart on the same data dir", async () => {
    const first = await startTestEmulator({ dataDir });
    const { redisId, dealId, port } = await createInstance(first.emu);
    await redisCli(port, PASSWORD, "SET", "durable", "yes");
    const b = await call2017(first.emu, "ManualBackupInstance", { redisId, remark: "keep" });
    const requestId = (b.data as { requestId: number }).requestId;
    await first.stop();
    expect(await redisCli(port, PASSWORD, "PING").catch(() => "down")).not.toBe("PONG");

    const second = await startTestEmulator({ dataDir });
    try {
      const row = await describeOne(second.emu, redisId);
      expect(row.status).toBe("2");
      expect(await redisCli(Number(row.port), PASSWORD, "GET", "durable")).toBe("yes");
      const deal = await call2017(second.emu, "DescribeRedisDealDetail", { "dealIds.0": dealId });
      expect((deal.dealDetails as { status: number }[])[0]?.status).toBe(4);
      const task = await call2017(second.emu, "DescribeTaskInfo", { requestId });
      expect(task.code).toBe(0);
      const list = await call2017(second.emu, "GetRedisBackupList", { limit: 10, offset: 0, redisId });
      expect((list.data as { redisBackupSet: { remark: string }[] }).redisBackupSet.map((x) => x.remark)).toContain(
        "keep",
      );
    } finally {
      await second.stop();
    }
  });
});
