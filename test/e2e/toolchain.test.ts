import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { outputsOf, REPO, stackDir, stackOp } from "./cli";

describe("toolchain: the real Pulumi CLI runs a dynamic provider", () => {
  it("reports the pinned CLI version", () => {
    const v = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
    expect(v).toMatch(/^v3\.(2[5-9]\d|[3-9]\d\d)\.\d+/);
  });

  it("ups and destroys a one-resource stack with a trivial dynamic resource", async () => {
    const dir = stackDir("trivial");
    const program = path.join(REPO, "test/e2e/programs/trivial.ts");
    const up = await stackOp("up", { program, dir });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain("+ 2 created");
    expect(outputsOf(up)).toEqual({ id: "trivial-chain-works", shout: "CHAIN-WORKS" });

    const again = await stackOp("preview", { program, dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("2 unchanged");

    const down = await stackOp("destroy", { program, dir });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain("- 2 deleted");
  });
});
