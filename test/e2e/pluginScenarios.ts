import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { YamlProject } from "../userProject/yamlProject";
import type { StackRun } from "./cli";
import { SECRET_KEY, writeCounts } from "./emulatorFixture";
import { ModifyRedisName } from "./outOfBand";
import { previewSteps, upSteps } from "./planSteps";
import { redisCommands } from "./redisClient";
import { packagedEmulator, type YamlRun, yamlStackFile, yamlStateFile } from "./yamlCli";

/*
 * The user scenarios every language runs on the provider plugin installed from its tarball, against the emulator the
 * tarball ships: create, a no-op up, a memSize change, a rename, refresh after an out-of-band rename, a password
 * change, a restore with the data checked in Redis, an import into another project, no secret in the files, destroy.
 * A test file registers them inside its describe with a driver for its language (test/e2e/yaml.test.ts,
 * test/e2e/python.test.ts); each scenario starts from the stack the one before it left.
 */

export const PASSWORD_1 = "Shared4Pulumi!1";
export const PASSWORD_2 = "Rotated#Shared2";

/** A run of `pulumi` on a project of the driver's language: YamlRun's options, `program` in that language. */
export type LanguageRun<P extends YamlProject> = Omit<YamlRun, "project"> & { project: P };

/** What the scenarios need to know about one language. */
export interface LanguageDriver<P extends YamlProject> {
  /**
   * The project the scenarios run `program()` in, and an empty one of the same language the instance and backup are
   * imported into.
   */
  createProjects(): Promise<{ project: P; other: P }>;
  /**
   * The program: an Instance `cache` (zoneId 100002, typeId 2) and a Backup `snap` of it, from the stack config
   * `redisPassword` (secret), `memSize` (1024 when unset), `cacheName` (`cacheName` below when unset) and
   * `restoreFrom` (restoreBackupId; none when unset); outputs instanceId, host, port, name, password, snapId.
   * `withData` adds a Backup `withData` and its id as the output withDataId.
   */
  program(o?: { withData?: boolean }): string;
  /** The file of the project folder that holds the program. */
  programFile: string;
  /** The instance's name when `cacheName` is unset. */
  cacheName: string;
  /** Runs `pulumi <op>` to its end. */
  op(name: string, run: LanguageRun<P>): Promise<StackRun>;
  /** `pulumi <args>` in the project's stack, to its end; throws with its output when it fails. */
  pulumi(run: LanguageRun<P>, args: string[]): Promise<string>;
  /** Checks of the language's own on the outputs of the first up. */
  checkCreated?(outputs: Record<string, unknown>, project: P): void;
  /** `pulumi import`'s flags about the code of resource `name` imported into `other`. */
  importFlags(other: P, name: string): string[];
  /** What the user declares after the imports, in the test's name: "the printed code plus the password". */
  declaredImports: string;
  /**
   * The program of `other` a user writes after the imports (Instance `taken` as imported, Backup `takenSnap` of it,
   * the password from the config `redisPassword`), with the language's own checks of what the import printed.
   */
  declareImported(other: P, imported: { instanceId: string; name: string }): string;
  /** Every file of the project folder a secret could leak into (program, stack config, state). */
  projectFiles(project: P): string[];
}

interface StateResource {
  urn: string;
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** The resources of the stack's checkpoint (none when destroyed). */
function stateResources(p: YamlProject): StateResource[] {
  const state = JSON.parse(yamlStateFile(p)) as { checkpoint: { latest: { resources?: StateResource[] } } };
  return state.checkpoint.latest.resources ?? [];
}

const stateResource = (p: YamlProject, name: string) => stateResources(p).find((r) => r.urn.endsWith(`::${name}`));

/** The detailed diff of each step `pulumi up --json` carried out, by resource name. */
function upDetailedDiffs(stdout: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of stdout.split("\n").filter((l) => l.startsWith("{"))) {
    const m = (JSON.parse(line) as { resourcePreEvent?: { metadata: { urn: string; detailedDiff?: unknown } } })
      .resourcePreEvent?.metadata;
    if (m?.detailedDiff) out[m.urn.split("::").pop() ?? ""] = m.detailedDiff;
  }
  return out;
}

/** Registers the scenarios, in order, in the calling describe. */
export function pluginScenarios<P extends YamlProject>(driver: LanguageDriver<P>): void {
  /** What one scenario leaves to the next. */
  const ctx = {
    fx: undefined as unknown as Awaited<ReturnType<typeof packagedEmulator>>,
    project: undefined as unknown as P,
    other: undefined as unknown as P,
    /** The options every run of the main project has now (the stack's config as the scenarios left it). */
    run: {} as Omit<LanguageRun<P>, "project">,
    instanceId: "",
    port: 0,
    /** The instance's name as the program has it now. */
    name: driver.cacheName,
  };
  const op = (name: string, extra: Partial<LanguageRun<P>> = {}) =>
    driver.op(name, { project: ctx.project, ...ctx.run, ...extra });
  const outputs = async () =>
    JSON.parse(await driver.pulumi({ project: ctx.project, ...ctx.run }, ["stack", "output", "--json"])) as Record<
      string,
      unknown
    >;
  const writes = async () => writeCounts(await ctx.fx.calls());
  const ok = (r: StackRun) => expect(r.code, r.stderr + r.stdout).toBe(0);

  beforeAll(async () => {
    ({ project: ctx.project, other: ctx.other } = await driver.createProjects());
    ctx.fx = await packagedEmulator(ctx.project);
    ctx.run = { env: ctx.fx.env, secretConfig: { redisPassword: PASSWORD_1 } };
  });
  afterAll(async () => {
    await ctx.fx?.stop();
  });

  it("previews the create without a write, then creates once: one CreateRedis, one backup, a redis-server that takes the password", async () => {
    const pre = await op("preview");
    ok(pre);
    expect(pre.stdout).toMatch(/\+\s+tencentcloud-redis:index:Instance\s+cache\s+create/);
    expect(pre.stdout).toMatch(/\+\s+tencentcloud-redis:index:Backup\s+snap\s+create/);
    expect(await writes()).toEqual({});

    await ctx.fx.clearCalls();
    const up = await op("up");
    ok(up);
    expect(await writes()).toMatchObject({ CreateRedis: 1, ManualBackupInstance: 1 });
    const outs = await outputs();
    ctx.instanceId = String(outs.instanceId);
    ctx.port = Number(outs.port);
    expect(outs).toMatchObject({ host: "127.0.0.1", name: driver.cacheName, password: "[secret]" });
    expect(ctx.instanceId).toMatch(/^crs-/);
    expect(outs.snapId).toMatch(/^\S+$/);
    driver.checkCreated?.(outs, ctx.project);
    // The provider's lines are the resource's, not the stack's.
    expect(up.stdout).toMatch(/tencentcloud-redis:index:Instance \(cache\):\n\s+price: buy 1 month/);
    expect(up.stdout).toMatch(/ordered 1024 MB \(typeId 2\) in zone 100002/);
    expect(
      await redisCommands(ctx.port, "127.0.0.1", [
        ["AUTH", PASSWORD_1],
        ["SET", "k", "v1"],
      ]),
    ).toEqual(["OK", "OK"]);
    const state = yamlStateFile(ctx.project);
    expect(state).not.toContain(PASSWORD_1);
    expect(state).not.toContain(SECRET_KEY);
    // The state holds no provider code: a plugin resource's state is its properties.
    expect(state).not.toContain("__provider");
  });

  it("a second up writes nothing", async () => {
    await ctx.fx.clearCalls();
    const up = await op("up");
    ok(up);
    expect(up.stdout).toMatch(/3 unchanged/);
    expect(await writes()).toEqual({});
  });

  it("previews a memSize change property by property, and up does exactly that: one UpgradeRedis", async () => {
    const change = { ...ctx.run, config: { ...ctx.run.config, memSize: "2048" } };
    const diff = await op("preview", { ...change, diff: true });
    ok(diff);
    expect(diff.stdout).toMatch(/~ memSize\s*: 1024 => 2048/);
    expect(diff.stdout + diff.stderr).toMatch(/price: upgrade 1024 → 2048 MB/);
    const json = await op("preview", { ...change, json: true });
    const plan = JSON.parse(json.stdout) as { steps: { urn: string; detailedDiff?: unknown }[] };
    expect(plan.steps.find((s) => s.urn.endsWith("::cache"))?.detailedDiff).toEqual({
      memSize: { kind: "update", inputDiff: true },
    });
    // The backup depends on the instance's id, which an update keeps: it is not shown as replaced.
    expect(previewSteps(json.stdout)).toEqual(["update cache"]);
    expect(await writes()).toEqual({});

    await ctx.fx.clearCalls();
    const up = await op("up", { ...change, json: true });
    ok(up);
    expect(upSteps(up.stdout)).toEqual(["update cache"]);
    expect(await writes()).toEqual({ UpgradeRedis: 1 });
    ctx.run = change;
  });

  it("renames the instance through the program: the preview shows the name, up calls ModifyRedisName once", async () => {
    const renamed = `${driver.cacheName}-2`;
    const change = { ...ctx.run, config: { ...ctx.run.config, cacheName: renamed } };
    await ctx.fx.clearCalls();
    const diff = await op("preview", { ...change, diff: true });
    ok(diff);
    expect(diff.stdout).toMatch(new RegExp(`~ name\\s*: "${driver.cacheName}" => "${renamed}"`));
    expect(await writes()).toEqual({});

    await ctx.fx.clearCalls();
    const up = await op("up", { ...change, json: true });
    ok(up);
    expect(upSteps(up.stdout)).toEqual(["update cache"]);
    // The engine's events name the kind `diffKind` where the preview's plan says `kind`.
    expect(upDetailedDiffs(up.stdout)).toEqual({ cache: { name: { diffKind: "update", inputDiff: true } } });
    expect(await writes()).toEqual({ ModifyRedisName: 1 });
    expect(await outputs()).toMatchObject({ name: renamed });
    ctx.run = change;
    ctx.name = renamed;
  });

  it("a refresh takes an out-of-band rename into the state; the next up puts the program's name back", async () => {
    await ModifyRedisName(ctx.fx, ctx.instanceId, "renamed-outside");
    await ctx.fx.clearCalls();
    ok(await op("refresh"));
    expect(await writes()).toEqual({});
    expect(stateResource(ctx.project, "cache")?.outputs).toMatchObject({ name: "renamed-outside", memSize: 2048 });
    const diff = await op("preview", { diff: true });
    ok(diff);
    expect(diff.stdout).toMatch(new RegExp(`~ name\\s*: "renamed-outside" => "${ctx.name}"`));
    await ctx.fx.clearCalls();
    ok(await op("up"));
    expect(await writes()).toEqual({ ModifyRedisName: 1 });
    expect(await outputs()).toMatchObject({ name: ctx.name });
  });

  it("changes the password: [secret] in the preview, ModfiyRedisPassword once, Redis takes only the new one", async () => {
    ctx.run = { ...ctx.run, secretConfig: { redisPassword: PASSWORD_2 } };
    // The property-level preview names the change and shows neither value.
    const diff = await op("preview", { diff: true });
    ok(diff);
    expect(diff.stdout).toMatch(/~ password\s*: \[secret\] => \[secret\]/);
    expect(diff.stdout + diff.stderr).not.toContain(PASSWORD_1);
    expect(diff.stdout + diff.stderr).not.toContain(PASSWORD_2);
    await ctx.fx.clearCalls();
    ok(await op("up"));
    expect(await writes()).toEqual({ ModfiyRedisPassword: 1 });
    const [withNew, withOld] = await redisCommands(ctx.port, "127.0.0.1", [
      ["AUTH", PASSWORD_2],
      ["AUTH", PASSWORD_1],
    ]);
    expect(withNew).toBe("OK");
    expect(withOld).toMatch(/^ERR|WRONGPASS/);
    expect(yamlStateFile(ctx.project)).not.toContain(PASSWORD_2);
  });

  it("restores a backup taken after the data was written: RestoreInstance once, the data is back in Redis", async () => {
    ok(await op("up", { program: driver.program({ withData: true }) }));
    const backupId = (await outputs()).withDataId;
    expect(backupId).toMatch(/^\S+$/);
    expect(
      await redisCommands(ctx.port, "127.0.0.1", [
        ["AUTH", PASSWORD_2],
        ["SET", "k", "v2"],
      ]),
    ).toEqual(["OK", "OK"]);
    await ctx.fx.clearCalls();
    // The program file keeps the second backup from here on.
    ctx.run = { ...ctx.run, config: { ...ctx.run.config, restoreFrom: String(backupId) } };
    ok(await op("up"));
    expect(await writes()).toEqual({ RestoreInstance: 1 });
    expect(
      await redisCommands(ctx.port, "127.0.0.1", [
        ["AUTH", PASSWORD_2],
        ["GET", "k"],
      ]),
    ).toEqual(["OK", "v1"]);
  });

  it(`imports the instance and a backup into another project: 0 writes, and ${driver.declaredImports} changes nothing`, async () => {
    const { instanceId, other } = ctx;
    const snapId = String((await outputs()).snapId);
    const base = { project: other, env: ctx.fx.env, secretConfig: { redisPassword: PASSWORD_2 } };
    const importArgs = (type: string, name: string, id: string) => [
      "import",
      `tencentcloud-redis:index:${type}`,
      name,
      id,
      "--yes",
      "--non-interactive",
      ...driver.importFlags(other, name),
    ];
    await ctx.fx.clearCalls();
    await driver.pulumi(base, importArgs("Instance", "taken", instanceId));
    await driver.pulumi(base, importArgs("Backup", "takenSnap", `${instanceId}/${snapId}`));
    expect(await writes()).toEqual({});
    expect(stateResource(other, "taken")).toMatchObject({
      id: instanceId,
      inputs: { memSize: 2048, name: ctx.name, zoneId: 100002, typeId: 2 },
    });
    expect(stateResource(other, "takenSnap")?.inputs).toMatchObject({ instanceId });

    // The user declares what was imported, with the password from config: the first up writes nothing.
    const program = driver.declareImported(other, { instanceId, name: ctx.name });
    await ctx.fx.clearCalls();
    const pre = await driver.op("preview", { ...base, program, diff: true });
    ok(pre);
    expect(pre.stdout).not.toMatch(/to update|to replace|to create|to delete/);
    expect(pre.stdout).toMatch(/3 unchanged/);
    ok(await driver.op("up", base));
    expect(await writes()).toEqual({});

    // An id that does not exist fails by name.
    await expect(driver.pulumi(base, importArgs("Instance", "ghost", "crs-doesnotexist"))).rejects.toThrow(
      /resource 'crs-doesnotexist' does not exist/,
    );
    expect(yamlStateFile(other)).not.toContain(PASSWORD_2);
  });

  it("no secret in plain text anywhere in the project folder: state, stack config, program", () => {
    const { project } = ctx;
    const files = driver.projectFiles(project);
    expect(files).toContain(path.join(project.dir, "Pulumi.dev.yaml"));
    expect(files).toContain(path.join(project.dir, driver.programFile));
    expect(files).toContain(yamlStackFile(project));
    for (const f of files) {
      const text = fs.readFileSync(f, "latin1");
      for (const secret of [PASSWORD_1, PASSWORD_2, SECRET_KEY]) expect(text, f).not.toContain(secret);
    }
  });

  it("destroy sets auto-renew to 2 and buys nothing", async () => {
    await ctx.fx.clearCalls();
    ok(await op("destroy"));
    const c = await writes();
    expect(c.SetRedisAutoRenew).toBe(1);
    expect(c.CreateRedis).toBeUndefined();
    const state = (await ctx.fx.control<{ instances: { redisId: string; autoRenew: number }[] }>("/_emulator/state"))
      .instances;
    expect(state.find((i) => i.redisId === ctx.instanceId)?.autoRenew).toBe(2);
    expect(stateResources(ctx.project)).toEqual([]);
  });
}
