import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPythonProject, type PythonProject, pythonProjectFiles } from "../userProject/pythonProject";
import { countByAction, READ_ACTION, SECRET_KEY } from "./emulatorFixture";
import { ModifyRedisName } from "./outOfBand";
import { previewSteps, upSteps } from "./planSteps";
import { type PythonRun, pythonOp, pythonPulumi } from "./pythonCli";
import { redisCommands } from "./redisClient";
import { packagedEmulator, yamlStateFile } from "./yamlCli";

/*
 * A Python program, as a Python user writes one with the generated SDK (`import pulumi_tencentcloud_redis as redis`),
 * in a project folder outside the repo whose virtualenv pip filled offline from the pinned `pulumi` and the SDK's
 * wheel, run by plain `pulumi` (the Python language host, `virtualenv: venv` in Pulumi.yaml) with the provider
 * plugin installed from its tarball: the YAML scenarios, checked through the emulator's call log, the data in Redis
 * and the state file.
 */

const PASSWORD_1 = "Py4Pulumi!pass1";
const PASSWORD_2 = "Rotated#Py22";

/** The program: an instance and a backup of it; `withData` adds a second backup (the restore's source). */
function program(o: { withData?: boolean } = {}): string {
  const lines = [
    "import sys",
    "",
    "import pulumi",
    "import pulumi_tencentcloud_redis as redis",
    "",
    "config = pulumi.Config()",
    "cache = redis.Instance(",
    '    "cache",',
    "    zone_id=100002,",
    "    type_id=2,",
    '    mem_size=config.get_int("memSize") or 1024,',
    '    password=config.require_secret("redisPassword"),',
    '    name=config.get("cacheName") or "py-cache",',
    '    restore_backup_id=config.get("restoreFrom"),',
    ")",
    'snap = redis.Backup("snap", instance_id=cache.instance_id, remark="py-snap")',
    ...(o.withData
      ? [
          'with_data = redis.Backup("withData", instance_id=cache.instance_id, remark="with-data")',
          'pulumi.export("withDataId", with_data.backup_id)',
        ]
      : []),
    'pulumi.export("instanceId", cache.instance_id)',
    'pulumi.export("host", cache.host)',
    'pulumi.export("port", cache.port)',
    'pulumi.export("name", cache.name)',
    'pulumi.export("password", cache.password)',
    'pulumi.export("snapId", snap.backup_id)',
    "# Which Python ran the program: the project's virtualenv.",
    'pulumi.export("pythonPrefix", sys.prefix)',
  ];
  return `${lines.join("\n")}\n`;
}

const writes = (calls: Record<string, number>) => Object.keys(calls).filter((a) => !READ_ACTION.test(a));

describe("a Python program on the generated SDK through the provider plugin installed from its tarball", () => {
  let fx: Awaited<ReturnType<typeof packagedEmulator>>;
  let project: PythonProject;
  /** The project the instance and a backup are imported into. */
  let other: PythonProject;
  let run: Omit<PythonRun, "project">;
  const op = (name: string, extra: Partial<PythonRun> = {}) => pythonOp(name, { project, ...run, ...extra });
  const outputs = async () =>
    JSON.parse(await pythonPulumi({ project, ...run }, ["stack", "output", "--json"])) as Record<string, unknown>;
  const calls = async () => countByAction(await fx.calls());
  let instanceId = "";
  let port = 0;

  beforeAll(async () => {
    const started = Date.now();
    [project, other] = await Promise.all([
      createPythonProject("python", program()),
      createPythonProject("python-import", "import pulumi\n"),
    ]);
    console.log(
      `two python projects with their virtualenvs: ${project.dir}, ${other.dir} (${Date.now() - started} ms)`,
    );
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
    expect(pre.stdout).toMatch(/\+\s+tencentcloud-redis:index:Backup\s+snap\s+create/);
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
    expect(outs).toMatchObject({ host: "127.0.0.1", name: "py-cache", password: "[secret]" });
    expect(instanceId).toMatch(/^crs-/);
    expect(String(outs.snapId)).not.toBe("");
    // The program ran in the project's virtualenv (Pulumi.yaml's `virtualenv: venv`), not in a Python of the machine.
    expect(fs.realpathSync(String(outs.pythonPrefix))).toBe(fs.realpathSync(project.venv));
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
    expect(state).not.toContain("__provider");
  });

  it("a second up writes nothing", async () => {
    await fx.clearCalls();
    const up = await op("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(up.stdout).toMatch(/3 unchanged/);
    expect(writes(await calls())).toEqual([]);
  });

  it("previews a memSize change property by property, and up does exactly that: one UpgradeRedis", async () => {
    const change = { ...run, config: { memSize: "2048" } };
    const diff = await op("preview", { ...change, diff: true });
    expect(diff.code, diff.stderr + diff.stdout).toBe(0);
    expect(diff.stdout).toMatch(/~ memSize\s*: 1024 => 2048/);
    expect(diff.stdout + diff.stderr).toMatch(/price: upgrade 1024 → 2048 MB/);
    const json = await op("preview", { ...change, json: true });
    const plan = JSON.parse(json.stdout) as {
      steps: { op: string; urn: string; detailedDiff?: Record<string, { kind: string }> }[];
    };
    expect(plan.steps.find((s) => s.urn.endsWith("::cache"))?.detailedDiff).toEqual({
      memSize: { kind: "update", inputDiff: true },
    });
    expect(previewSteps(json.stdout)).toEqual(["update cache"]);
    expect(writes(await calls())).toEqual([]);

    await fx.clearCalls();
    const up = await op("up", { ...change, json: true });
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(upSteps(up.stdout)).toEqual(["update cache"]);
    expect(writes(await calls())).toEqual(["UpgradeRedis"]);
    run = change;
  });

  it("a refresh takes an out-of-band rename into the state; the next up puts the program's name back", async () => {
    await ModifyRedisName(fx, instanceId, "renamed-outside");
    await fx.clearCalls();
    const refresh = await op("refresh");
    expect(refresh.code, refresh.stderr + refresh.stdout).toBe(0);
    expect(writes(await calls())).toEqual([]);
    const cacheState = (
      JSON.parse(yamlStateFile(project)) as {
        checkpoint: { latest: { resources: { urn: string; outputs: Record<string, unknown> }[] } };
      }
    ).checkpoint.latest.resources.find((r) => r.urn.endsWith("::cache"));
    expect(cacheState?.outputs).toMatchObject({ name: "renamed-outside", memSize: 2048 });
    const diff = await op("preview", { diff: true });
    expect(diff.stdout).toMatch(/~ name\s*: "renamed-outside" => "py-cache"/);
    await fx.clearCalls();
    const up = await op("up");
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(await calls()).toMatchObject({ ModifyRedisName: 1 });
    expect(writes(await calls())).toEqual(["ModifyRedisName"]);
    expect(await outputs()).toMatchObject({ name: "py-cache" });
  });

  it("changes the password: [secret] in the preview, ModfiyRedisPassword once, Redis takes only the new one", async () => {
    run = { ...run, secretConfig: { redisPassword: PASSWORD_2 } };
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
    const taken = await op("up", { program: program({ withData: true }) });
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
    run = { ...run, config: { ...run.config, restoreFrom: backupId } };
  });

  it("imports the instance and a backup into another project: 0 writes, and a program declaring them changes nothing", async () => {
    const snapId = String((await outputs()).snapId);
    const base = { project: other, env: fx.env, secretConfig: { redisPassword: PASSWORD_2 } };
    await fx.clearCalls();
    // The v3.68 Python host cannot write the program's code (GenerateProgram): the import only takes the state.
    for (const [type, name, id] of [
      ["tencentcloud-redis:index:Instance", "taken", instanceId],
      ["tencentcloud-redis:index:Backup", "takenSnap", `${instanceId}/${snapId}`],
    ] as const) {
      await pythonPulumi(base, ["import", type, name, id, "--yes", "--non-interactive", "--generate-code=false"]);
    }
    expect(writes(await calls())).toEqual([]);
    const imported = (
      JSON.parse(yamlStateFile(other)) as {
        checkpoint: { latest: { resources: { urn: string; id?: string; inputs: Record<string, unknown> }[] } };
      }
    ).checkpoint.latest.resources;
    expect(imported.find((r) => r.urn.endsWith("::taken"))).toMatchObject({
      id: instanceId,
      inputs: { memSize: 2048, name: "py-cache", zoneId: 100002, typeId: 2 },
    });
    expect(imported.find((r) => r.urn.endsWith("::takenSnap"))?.inputs).toMatchObject({ instanceId });

    // The user declares what was imported, with the password from config: the first up writes nothing.
    const declared = [
      "import pulumi",
      "import pulumi_tencentcloud_redis as redis",
      "",
      "config = pulumi.Config()",
      "taken = redis.Instance(",
      '    "taken",',
      "    zone_id=100002,",
      "    type_id=2,",
      "    mem_size=2048,",
      '    name="py-cache",',
      '    password=config.require_secret("redisPassword"),',
      ")",
      'redis.Backup("takenSnap", instance_id=taken.instance_id, remark="py-snap")',
      "",
    ].join("\n");
    await fx.clearCalls();
    const pre = await pythonOp("preview", { ...base, program: declared, diff: true });
    expect(pre.code, pre.stderr + pre.stdout).toBe(0);
    expect(pre.stdout).not.toMatch(/to update|to replace|to create|to delete/);
    expect(pre.stdout).toMatch(/3 unchanged/);
    const up = await pythonOp("up", base);
    expect(up.code, up.stderr + up.stdout).toBe(0);
    expect(writes(await calls())).toEqual([]);

    // An id that does not exist fails by name.
    await expect(
      pythonPulumi(base, [
        "import",
        "tencentcloud-redis:index:Instance",
        "ghost",
        "crs-doesnotexist",
        "--yes",
        "--non-interactive",
        "--generate-code=false",
      ]),
    ).rejects.toThrow(/resource 'crs-doesnotexist' does not exist/);
    expect(yamlStateFile(other)).not.toContain(PASSWORD_2);
  });

  it("no secret in plain text anywhere in the project folders: state, stack config, program", async () => {
    const files = pythonProjectFiles(project);
    expect(files).toContain(path.join(project.dir, "Pulumi.dev.yaml"));
    expect(files).toContain(path.join(project.dir, "__main__.py"));
    for (const f of files) {
      const text = fs.readFileSync(f, "latin1");
      for (const secret of [PASSWORD_1, PASSWORD_2, SECRET_KEY]) expect(text, f).not.toContain(secret);
    }
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
    expect(
      (JSON.parse(yamlStateFile(project)) as { checkpoint: { latest: { resources?: unknown[] } } }).checkpoint.latest
        .resources ?? [],
    ).toEqual([]);
  });
});
