import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pulumiEnv } from "../userProject/project";
import { REPO, type StackOptions, stackDir, stackOp } from "./cli";
import { type EmulatorFixture, READ_ACTION, startFixture } from "./emulatorFixture";
import { upSteps } from "./planSteps";

const execFileAsync = promisify(execFile);
const WORKFLOW = path.join(REPO, "examples/ci/pull-request.yml");
const SCRIPT = path.join(REPO, "examples/ci/preview.sh");

/**
 * The steps of `pulumi preview --diff`'s text display: each changed resource is a header line with its operation
 * (`~ type: (update)`, `+- type: (replace)`, ...) followed by its `[urn=...]`.
 */
function textSteps(out: string): string[] {
  const steps: string[] = [];
  let op: string | undefined;
  for (const line of out.split("\n")) {
    const head =
      /^\s*(?:[-+~]|\+-|-\+)\s+\S+: \((update|replace|create|delete|create-replacement|delete-replaced)\)/.exec(line);
    if (head) {
      op = head[1];
      continue;
    }
    const urn = /^\s*\[urn=(\S+)\]/.exec(line);
    if (urn && op) {
      const name = (urn[1] as string).split("::").pop();
      if (op !== "create-replacement" && op !== "delete-replaced") steps.push(`${op} ${name}`);
      op = undefined;
    }
  }
  return [...new Set(steps)].sort();
}

/**
 * Issue 13 item 5: the example pull-request pipeline's preview (the script the workflow runs, same command and flags)
 * against the emulator, on a change: it lists exactly the changes the following `up` makes, calls nothing that
 * writes, and shows the order's price.
 */
describe("the example pull-request pipeline (examples/ci)", () => {
  let fx: EmulatorFixture;
  let base: StackOptions;
  const config: Record<string, string> = {};
  const run = (op: string, extra: Partial<StackOptions> = {}) =>
    stackOp(op, { ...base, config: { ...config }, secretConfig: { redisPassword: "Ci#Preview2026" }, ...extra });

  beforeAll(async () => {
    fx = await startFixture({ dealDelayMs: 500, taskDelayMs: 300 });
    base = {
      program: path.join(REPO, "test/e2e/programs/dependents.ts"),
      dir: stackDir("ci-example"),
      env: fx.env,
      stack: "prod",
    };
    fs.mkdirSync(path.join(base.dir, "ci"), { recursive: true });
    fs.copyFileSync(SCRIPT, path.join(base.dir, "ci", "preview.sh"));
    const up = await run("up");
    expect(up.code, up.stderr).toBe(0);
  }, 240_000);
  afterAll(async () => {
    await fx?.stop();
  });

  it("the workflow runs the script the test runs", () => {
    expect(fs.readFileSync(WORKFLOW, "utf8")).toMatch(/run: bash ci\/preview\.sh\b/);
  });

  it("on a change of memSize and name, the preview lists only what the following up does", async () => {
    Object.assign(config, { memSize: "2048", name: "ci-renamed" });
    // The stack's config as the pull request changes it (the script itself only previews).
    const dry = await run("preview");
    expect(dry.code, dry.stderr).toBe(0);
    await fx.clearCalls();
    const env = pulumiEnv(
      { dir: base.dir, project: "tencentcloud-redis", stateDir: path.join(base.dir, "state") },
      {
        ...fx.env,
        PULUMI_STACK: "prod",
      },
    );
    const { stdout } = await execFileAsync("bash", ["ci/preview.sh"], { cwd: base.dir, env, maxBuffer: 16 << 20 });
    const previewCalls = (await fx.calls()).map((c) => c.action);
    expect(previewCalls.filter((a) => !READ_ACTION.test(a))).toEqual([]);
    // The script keeps the provider's lines in its output (they are what the review comment is made of).
    expect(stdout).toMatch(/orders: price: upgrade 1024 → 2048 MB: ¥[\d.]+/);
    const planned = textSteps(stdout);

    const up = await run("up", { json: true });
    expect(up.code, up.stderr).toBe(0);
    expect(planned, stdout).toEqual(upSteps(up.stdout));
    expect(planned).toEqual(["update orders"]);
  }, 180_000);
});
