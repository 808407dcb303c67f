import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { packageSchema } from "../../../provider/hosts/plugin/schema";

/*
 * The real CLI's binder on the plugin's schema, without a running plugin: `pulumi package gen-sdk <file.json>` reads
 * the schema file, validates it against the schema format (pulumi.json) and binds it (types, refs, tokens), and only
 * then asks the language host to generate. The pinned nodejs language host (v3.68.0) predates GeneratePackage, so
 * generation itself ends with "method GeneratePackage not implemented": that answer means the schema was accepted.
 * The broken copy below shows that a schema the binder refuses fails before that point.
 */

const run = promisify(execFile);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "schema-cli-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const GENERATION_UNAVAILABLE = /method GeneratePackage not implemented/;

async function genSdk(schema: unknown, name: string): Promise<{ code: number; output: string }> {
  const file = path.join(work, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(schema, null, 2));
  const env = {
    ...process.env,
    PULUMI_HOME: path.join(work, "home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const args = ["package", "gen-sdk", file, "--language", "nodejs", "--out", path.join(work, `${name}-sdk`)];
  try {
    const r = await run("pulumi", args, { cwd: work, env, maxBuffer: 16 << 20 });
    return { code: 0, output: `${r.stdout}${r.stderr}` };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    // A missing CLI is a failure of this test, not a pass: rethrow what is not an exit status.
    if (typeof e.code !== "number") throw err;
    return { code: e.code, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("the plugin's schema through the real CLI", () => {
  it("is accepted by the CLI's validation and binding", async () => {
    const r = await genSdk(packageSchema("0.1.0"), "schema");
    // Either an SDK was generated (a language host that can), or binding passed and generation is what is missing.
    if (r.code !== 0) expect(r.output).toMatch(GENERATION_UNAVAILABLE);
    expect(r.output).not.toMatch(/#\/(resources|functions|types|config|provider)\//);
  });

  it("refuses a broken copy before generation (so the acceptance above is the binder's)", async () => {
    const broken = packageSchema("0.1.0");
    const backup = broken.resources["tencentcloud-redis:index:Backup"];
    if (backup === undefined) throw new Error("no Backup resource in the schema");
    Object.assign(backup.inputProperties, { export: { type: "bogus", description: "not a type" } });
    const r = await genSdk(broken, "broken");
    expect(r.code).not.toBe(0);
    expect(r.output).not.toMatch(GENERATION_UNAVAILABLE);
    expect(r.output).toContain("#/resources/tencentcloud-redis:index:Backup/inputProperties/export");
  });
});
