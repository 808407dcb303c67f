import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorFixture, SECRET_ID, SECRET_KEY, startFixture } from "../../e2e/emulatorFixture";
import { call2017 } from "./helpers";

let fx: EmulatorFixture;
beforeAll(async () => {
  fx = await startFixture({ dealDelayMs: 700, taskDelayMs: 300 });
});
afterAll(async () => {
  await fx.stop();
});

describe("emulator fixture", () => {
  it("delays() sets the delays at runtime and keeps them across restart()", async () => {
    expect(await fx.control("/_emulator/delays")).toEqual({ dealDelayMs: 700, taskDelayMs: 300 });
    expect(await fx.delays({ dealDelayMs: 9000 })).toEqual({ dealDelayMs: 9000, taskDelayMs: 300 });
    expect(await fx.delays({ taskDelayMs: 50 })).toEqual({ dealDelayMs: 9000, taskDelayMs: 50 });
    await fx.restart();
    expect(await fx.control("/_emulator/delays")).toEqual({ dealDelayMs: 9000, taskDelayMs: 50 });
  });
});

describe("fixture fired faults", () => {
  it("firedFaults() keeps the faults that fired before a restart; ids stay unique across it", async () => {
    const post = (kind: string) =>
      fx.control<{ id: string }>("/_emulator/faults", "POST", { action: "DescribeRedisZones", kind }).then((r) => r.id);
    const zones = () => call2017(fx.emu, "DescribeRedisZones", {}, { secretId: SECRET_ID, secretKey: SECRET_KEY });
    const first = await post("code6000");
    expect((await zones()).code).toBe(6000);
    await fx.restart();
    const second = await post("code6000");
    expect(second).not.toBe(first);
    expect((await fx.firedFaults()).map((f) => f.id)).toEqual([first]);
    expect((await zones()).code).toBe(6000);
    expect((await fx.firedFaults()).map((f) => [f.id, f.action])).toEqual([
      [first, "DescribeRedisZones"],
      [second, "DescribeRedisZones"],
    ]);
  });
});
