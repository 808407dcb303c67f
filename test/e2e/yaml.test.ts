import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPulumi } from "../userProject/project";
import { type YamlProject, yamlEnv } from "../userProject/yamlProject";
import { countByAction, type EmulatorFixture, READ_ACTION, SECRET_KEY, startFixture } from "./emulatorFixture";
import { ModifyRedisName } from "./outOfBand";
import { previewSteps, upSteps } from "./planSteps";
import { redisCommands } from "./redisClient";
import { packagedEmulator, type YamlRun, yamlOp, yamlProject, yamlPulumi, yamlStateFile } from "./yamlCli";

/*
 * A YAML program, as a user who is not on TypeScript writes one, run by plain `pulumi` with the provider plugin
 * installed from its tarball into a fresh PULUMI_HOME: every user scenario, checked through the emulator's call log,
 * the data in Redis and the state file.
 */

const PASSWORD_1 = "Yaml4Pulumi!1";
const PASSWORD_2 = "Rotated#Yaml22";

const CONFIG = `config:
  redisPassword:
    type: string
    secret: true
  memSize:
    type: integer
    default: 1024
  cacheName:
    type: string
    default: yaml-cache
  restoreFrom:
    type: string
    default: ""
`;

const CACHE = `  cache:
    type: tencentcloud-redis:index:Instance
    properties:
      zoneId: 100002
      typeId: 2
      memSize: \${memSize}
      password: \${redisPassword}
      name: \${cacheName}
      restoreBackupId: \${restoreFrom}
  snap:
    type: tencentcloud-redis:index:Backup
    properties:
      instanceId: \${cache.instanceId}
      remark: yaml-snap
`;

const OUTPUTS = `outputs:
  instanceId: \${cache.instanceId}
  host: \${cache.host}
  port: \${cache.port}
  name: \${cache.name}
  password: \${cache.password}
  snapId: \${snap.backupId}
`;

const PROGRAM = `${CONFIG}resources:\n${CACHE}${OUTPUTS}`;
/** The same with a second backup, taken after data was written (the restore's source). */
const WITH_DATA_BACKUP = `${CONFIG}resources:\n${CACHE}  withData:
    type: tencentcloud-redis:index:Backup
    properties:
      instanceId: \${cache.instanceId}
      remark: with-data
${OUTPUTS}  withDataId: \${withData.backupId}
`;

const writes = (calls: Record<string, number>) => Object.keys(calls).filter((a) => !READ_ACTION.test(a));

describe("a YAML program through the provider plugin installed from its tarball", () => {
  // The emulator the tarball ships, started from the installed plugin as a user without the repo would.
  let fx: Awaited<ReturnType<typeof packagedEmulator>>;
  let project: YamlProject;
  let run: Omit<YamlRun, "project">;
  const op = (name: string, extra: Partial<YamlRun> = {}) => yamlOp(name, { project, ...run, ...extra });
  const outputs = async () =>
    JSON.parse(await yamlPulumi({ project, ...run }, ["stack", "output", "--json"])) as Record<string, unknown>;
  const calls = async () => countByAction(await fx.calls());
  let instanceId = "";
  let port = 0;

  beforeAll(async () => {
    project = yamlProject("yaml", PROGRAM);
    fx = await packagedEmulator(project);
    run = { env: fx.env, secretConfig: { redisPassword: PASSWORD_1 } };
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("previews the create without a write, then creates once: one CreateRedis, one backup, a redis-server that takes the password", async () => {
    const pre = await op("preview");
    expect(pre.code, pre.stderr + pre.stdout).toBe(0);
    expect(pre.stdout).toMatch(/\+\s+tencentcloud-redis:index:Instance\s+cache\s+create/);
    expect(writes(await calls())).toEqual([]);

    await fx.clearCalls();
    const up = await op("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const c = await calls();
    expect(c.CreateRedis).toBe(1);
    expect(c.ManualBackupInstance).toBe(1);
    const outs = await outputs();
    instanceId = String(outs.instanceId);
    port = Number(outs.port);
    expect(outs).toMatchObject({ host: "127.0.0.1", name: "yaml-cache", password: "[secret]" });
    expect(instanceId).toMatch(/^crs-/);
    // The provider's lines are the resource's, not the stack's.
    expect(up.stdout).toMatch(/tencentcloud-redis:index:Instance \(cache\):\n\s+price: buy 1 month/);
    expect(up.stdout).toMatch(/ordered 1024 MB \(typeId 2\) in zone 100002/);
    expect(
      await redisCommands(port, "127.0.0.1", [
        ["AUTH", PASSWORD_1],
        ["SET", "k", "v1"],
      ]),
    ).toEqual(["OK", "OK"]);
    const state = yamlStateFile(project);
    expect(state).not.toContain(PASSWORD_1);
    expect(state).not.toContain(SECRET_KEY);
    // The state holds no provider code: a plugin resource's state is its properties.
    expect(state).not.toContain("__provider");
  });

  it("a second up writes nothing", async () => {
    await fx.clearCalls();
    const up = await op("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(up.stdout).toMatch(/3 unchanged/);
    expect(writes(await calls())).toEqual([]);
  });

  it("previews a change property by property, and up does exactly that", async () => {
    const change = { ...run, config: { memSize: "2048", cacheName: "yaml-cache-2" } };
    const diff = await op("preview", { ...change, diff: true });
    expect(diff.code, diff.stderr + diff.stdout).toBe(0);
    expect(diff.stdout).toMatch(/~ memSize\s*: 1024 => 2048/);
    expect(diff.stdout).toMatch(/~ name\s*: "yaml-cache" => "yaml-cache-2"/);
    const json = await op("preview", { ...change, json: true });
    const plan = JSON.parse(json.stdout) as {
      steps: { op: string; urn: string; detailedDiff?: Record<string, { kind: string }> }[];
    };
    const cacheStep = plan.steps.find((s) => s.urn.endsWith("::cache"));
    expect(cacheStep?.detailedDiff).toEqual({
      memSize: { kind: "update", inputDiff: true },
      name: { kind: "update", inputDiff: true },
    });
    // The backup depends on the instance's id, which an update keeps: it is not shown as replaced.
    expect(previewSteps(json.stdout)).toEqual(["update cache"]);

    await fx.clearCalls();
    const up = await op("up", { ...change, json: true });
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(upSteps(up.stdout)).toEqual(["update cache"]);
    expect(writes(await calls()).sort()).toEqual(["ModifyRedisName", "UpgradeRedis"]);
    expect(await outputs()).toMatchObject({ name: "yaml-cache-2" });
    run = change;
  });

  it("a refresh takes an out-of-band rename into the state; the next up puts the program's name back", async () => {
    await ModifyRedisName(fx, instanceId, "renamed-outside");
    const refresh = await op("refresh");
    expect(refresh.code, refresh.stderr + refresh.stdout).toBe(0);
    expect(
      JSON.parse(yamlStateFile(project)).checkpoint.latest.resources.find((r: { urn: string }) =>
        r.urn.endsWith("::cache"),
      ).outputs.name,
    ).toBe("renamed-outside");
    const diff = await op("preview", { diff: true });
    expect(diff.stdout).toMatch(/~ name\s*: "renamed-outside" => "yaml-cache-2"/);
    await fx.clearCalls();
    const up = await op("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(await calls()).toMatchObject({ ModifyRedisName: 1 });
    expect(writes(await calls())).toEqual(["ModifyRedisName"]);
  });

  it("changes the password: ModfiyRedisPassword once, Redis takes only the new one", async () => {
    run = { ...run, secretConfig: { redisPassword: PASSWORD_2 } };
    // The property-level preview names the change and shows neither value.
    const diff = await op("preview", { diff: true });
    expect(diff.code, diff.stderr + diff.stdout).toBe(0);
    expect(diff.stdout).toMatch(/~ password\s*: \[secret\] => \[secret\]/);
    expect(diff.stdout + diff.stderr).not.toContain(PASSWORD_1);
    expect(diff.stdout + diff.stderr).not.toContain(PASSWORD_2);
    await fx.clearCalls();
    const up = await op("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(writes(await calls())).toEqual(["ModfiyRedisPassword"]);
    const [withNew, withOld] = await redisCommands(port, "127.0.0.1", [
      ["AUTH", PASSWORD_2],
      ["AUTH", PASSWORD_1],
    ]);
    expect(withNew).toBe("OK");
    expect(withOld).toMatch(/^ERR|WRONGPASS/);
    expect(yamlStateFile(project)).not.toContain(PASSWORD_2);
  });

  it("restores a backup taken after the data was written: RestoreInstance once, the data is back in Redis", async () => {
    const taken = await op("up", { program: WITH_DATA_BACKUP });
    expect(taken.code, taken.stderr + taken.stdout).toBe(0);
    const backupId = String((await outputs()).withDataId);
    expect(
      await redisCommands(port, "127.0.0.1", [
        ["AUTH", PASSWORD_2],
        ["SET", "k", "v2"],
      ]),
    ).toEqual(["OK", "OK"]);
    await fx.clearCalls();
    const up = await op("up", { config: { ...run.config, restoreFrom: backupId } });
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(writes(await calls())).toEqual(["RestoreInstance"]);
    expect(
      await redisCommands(port, "127.0.0.1", [
        ["AUTH", PASSWORD_2],
        ["GET", "k"],
      ]),
    ).toEqual(["OK", "v1"]);
    run = { ...run, config: { ...run.config, restoreFrom: backupId }, program: WITH_DATA_BACKUP };
  });

  it("imports the instance and a backup into another project: 0 orders, and the printed code plus the password changes nothing", async () => {
    const other = yamlProject("yaml-import", `${CONFIG}resources: {}\n`);
    const base = { project: other, env: fx.env, secretConfig: { redisPassword: PASSWORD_2 } };
    const snapId = String((await outputs()).snapId);
    await fx.clearCalls();
    const codeFile = path.join(other.dir, "imported.yaml");
    await yamlPulumi(base, [
      "import",
      "tencentcloud-redis:index:Instance",
      "taken",
      instanceId,
      "--yes",
      "--non-interactive",
      "--out",
      codeFile,
    ]);
    const backupCode = path.join(other.dir, "backup.yaml");
    await yamlPulumi(base, [
      "import",
      "tencentcloud-redis:index:Backup",
      "takenSnap",
      `${instanceId}/${snapId}`,
      "--yes",
      "--non-interactive",
      "--out",
      backupCode,
    ]);
    expect(writes(await calls())).toEqual([]);
    const code = fs.readFileSync(codeFile, "utf8");
    expect(code).toMatch(/memSize: 2048/);
    expect(code).toMatch(/name: yaml-cache-2/);
    expect(code).toMatch(/zoneId: 100002/);
    expect(fs.readFileSync(backupCode, "utf8")).toMatch(new RegExp(`instanceId: ${instanceId}`));

    // A user pastes the code, declares the password, keeps the rest: the first up writes nothing.
    const pasted = `${code.replace(/password: .*$/m, "password: \u0024{redisPassword}")}${fs
      .readFileSync(backupCode, "utf8")
      .replace(/^resources:\n/, "")}`;
    const program = `${CONFIG}${pasted}`;
    await fx.clearCalls();
    const pre = await yamlOp("preview", { ...base, program, diff: true });
    expect(pre.code, pre.stderr + pre.stdout).toBe(0);
    expect(pre.stdout).not.toMatch(/to update|to replace|to create/);
    const up = await yamlOp("up", { ...base, program });
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(writes(await calls())).toEqual([]);

    // An id that does not exist fails by name.
    await expect(
      yamlPulumi(base, [
        "import",
        "tencentcloud-redis:index:Instance",
        "ghost",
        "crs-doesnotexist",
        "--yes",
        "--non-interactive",
      ]),
    ).rejects.toThrow(/resource 'crs-doesnotexist' does not exist/);
    expect(yamlStateFile(other)).not.toContain(PASSWORD_2);
  });

  it("destroy sets auto-renew to 2 and buys nothing", async () => {
    await fx.clearCalls();
    const down = await op("destroy");
    expect(down.code, down.stderr + down.stdout).toBe(0);
    const c = await calls();
    expect(c.SetRedisAutoRenew).toBe(1);
    expect(c.CreateRedis).toBeUndefined();
    const state = (await fx.control<{ instances: { redisId: string; autoRenew: number }[] }>("/_emulator/state"))
      .instances;
    expect(state.find((i) => i.redisId === instanceId)?.autoRenew).toBe(2);
  });
});

describe("the plugin's checks, prices and explicit providers, from a YAML program", () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.stop();
  });
  const instance = (props: string, options = "") => `resources:
  cache:
    type: tencentcloud-redis:index:Instance
    properties:
      zoneId: 100002
      typeId: 2
      password: Yaml4Pulumi!1
${props}${options}`;

  it("refuses a bad input at preview with the documented rule, before any call that writes", async () => {
    const project = yamlProject("yaml-bad", instance("      memSize: 1000\n      period: 13\n"));
    const pre = await yamlOp("preview", { project, env: fx.env });
    expect(pre.code).not.toBe(0);
    const out = pre.stdout + pre.stderr;
    expect(out).toMatch(/memSize must be a multiple of 1024 MB \(got 1000\)/);
    expect(out).toMatch(
      /period must be one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36 months|period must be one of/,
    );
    expect(writes(countByAction(await fx.calls()))).toEqual([]);
  });

  it("prices the plan and holds maxOrderPrice from the provider's config: refused at preview, nothing ordered", async () => {
    const project = yamlProject("yaml-budget", instance("      memSize: 4096\n      period: 12\n"));
    await fx.clearCalls();
    const pre = await yamlOp("preview", {
      project,
      env: fx.env,
      config: { "tencentcloud-redis:maxOrderPrice": "100" },
    });
    expect(pre.code).not.toBe(0);
    expect(pre.stdout + pre.stderr).toMatch(/costs ¥[\d.]+, above maxOrderPrice ¥100\.00/);
    const ok = await yamlOp("preview", {
      project,
      env: fx.env,
      config: { "tencentcloud-redis:maxOrderPrice": "100000" },
    });
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/price: buy 12 months: ¥[\d.]+/);
    expect(writes(countByAction(await fx.calls()))).toEqual([]);
  });

  it("pulumi package get-schema prints the installed plugin's schema, derived from the models", async () => {
    const project = yamlProject("yaml-schema", "resources: {}\n");
    const r = await startPulumi(project, ["package", "get-schema", "tencentcloud-redis"], yamlEnv(project)).done;
    expect(r.code, r.stderr).toBe(0);
    const schema = JSON.parse(r.stdout) as {
      name: string;
      resources: Record<string, { inputProperties: Record<string, { secret?: boolean }> }>;
      functions: Record<string, unknown>;
    };
    expect(schema.name).toBe("tencentcloud-redis");
    expect(Object.keys(schema.resources).sort()).toEqual([
      "tencentcloud-redis:index:Backup",
      "tencentcloud-redis:index:Instance",
      "tencentcloud-redis:sqlserver:Backup",
    ]);
    expect(schema.resources["tencentcloud-redis:index:Instance"]?.inputProperties.password?.secret).toBe(true);
    expect(Object.keys(schema.functions)).toContain("tencentcloud-redis:index:getZones");
  });

  it("an explicit provider resource brings its own credentials and endpoint (none in the environment)", async () => {
    const program = `config:
  key:
    type: string
    secret: true
resources:
  crs:
    type: pulumi:providers:tencentcloud-redis
    properties:
      secretId: ${fx.env.TENCENTCLOUD_SECRET_ID}
      secretKey: \${key}
      region: ap-guangzhou
      endpoint: ${fx.env.TENCENTCLOUD_REDIS_ENDPOINT}
  cache:
    type: tencentcloud-redis:index:Instance
    properties:
      zoneId: 100002
      typeId: 2
      memSize: 1024
      password: Yaml4Pulumi!1
    options:
      provider: \${crs}
variables:
  zones:
    fn::invoke:
      function: tencentcloud-redis:index:getZones
      arguments: {}
      options:
        provider: \${crs}
      return: zones
outputs:
  instanceId: \${cache.instanceId}
  zones: \${zones}
`;
    const project = yamlProject("yaml-provider", program);
    await fx.clearCalls();
    // No TENCENTCLOUD_* at all: what the provider resource says is all there is.
    // `up --json` streams the engine's events, as CI tools read them.
    const up = await yamlOp("up", { project, env: {}, secretConfig: { key: SECRET_KEY }, json: true });
    expect(up.code, up.stderr + up.stdout).toBe(0);
    const c = countByAction(await fx.calls());
    expect(c.CreateRedis).toBe(1);
    // The function ran as an invoke of the same provider, with its credentials.
    expect(c.DescribeRedisZones).toBeGreaterThanOrEqual(1);
    const outs = JSON.parse(await yamlPulumi({ project, env: {} }, ["stack", "output", "--json"])) as {
      zones: { zoneId: number }[];
    };
    expect(outs.zones.map((z) => z.zoneId)).toContain(100002);
    // The provider's lines are events of the resource they are about (its URN), not of the stack.
    const lines = up.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { diagnosticEvent?: { urn?: string; message: string } })
      .flatMap((e) => (e.diagnosticEvent ? [e.diagnosticEvent] : []));
    const ordered = lines.filter((d) => /ordered 1024 MB/.test(d.message));
    expect(ordered.length).toBeGreaterThan(0);
    expect(ordered.every((d) => d.urn?.endsWith("tencentcloud-redis:index:Instance::cache"))).toBe(true);
    const state = yamlStateFile(project);
    expect(state).not.toContain(SECRET_KEY);
    expect(state).not.toContain("Yaml4Pulumi!1");
  });
});
