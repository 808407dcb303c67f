import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorFixture, startFixture } from "../../e2e/emulatorFixture";

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
