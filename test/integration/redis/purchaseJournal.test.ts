import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceProvider } from "../../../provider/redis/instance/instanceProvider";
import { readPurchase } from "../../../provider/redis/orders/journal";
import { countByAction, type EmulatorFixture, startFixture } from "../../e2e/emulatorFixture";

const KEY = "proj/dev/journaled";
const INPUTS = { zoneId: 100002, typeId: 2, memSize: 1024, period: 1, password: "Journal9Kept!pw", __purchaseKey: KEY };

/**
 * Review item 2: a provider plugin that outlives a killed `pulumi` finishes its create, and no state records the
 * instance. The engine then calls `create` again; it must find what the first one bought. The provider's methods are
 * called directly (the CLI cannot be made to leave a plugin running here: it stops with the CLI).
 */
describe("the purchase journal outlives create until a state shows the instance", () => {
  let fx: EmulatorFixture;
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    fx = await startFixture({ dealDelayMs: 300 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crs-journal-it-"));
    Object.assign(process.env, fx.env, { TENCENTCLOUD_REDIS_JOURNAL_DIR: dir });
  });
  afterAll(async () => {
    process.env = saved;
    await fx?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a second create of the same resource adopts what the first bought; a diff with the id in the state clears it", async () => {
    const first = await instanceProvider.create?.({ ...INPUTS });
    expect(first?.id).toMatch(/^crs-/);
    expect(readPurchase(KEY, dir)).toMatchObject({ instanceId: first?.id, completedAt: expect.any(Number) });

    // The engine never recorded `first` (its pulumi was killed): it calls create again.
    const second = await instanceProvider.create?.({ ...INPUTS });
    expect(second?.id).toBe(first?.id);
    expect(countByAction(await fx.calls()).CreateRedis).toBe(1);

    // Once a call carries the id from the state, the journal has done its job.
    await instanceProvider.diff?.(String(first?.id), second?.outs ?? {}, { ...INPUTS });
    expect(readPurchase(KEY, dir)).toBeUndefined();
  });
});
