import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPulumi } from "../userProject/project";
import { projectFiles, type YamlProject, yamlEnv } from "../userProject/yamlProject";
import { countByAction, type EmulatorFixture, SECRET_KEY, startFixture, writeCounts } from "./emulatorFixture";
import { pluginScenarios } from "./pluginScenarios";
import { yamlOp, yamlProject, yamlPulumi, yamlStateFile } from "./yamlCli";

/*
 * A YAML program, as a user who is not on TypeScript writes one, run by plain `pulumi` with the provider plugin
 * installed from its tarball into a fresh PULUMI_HOME: the scenarios of test/e2e/pluginScenarios.ts, checked through
 * the emulator's call log, the data in Redis and the state file; then what only a YAML program shows (the plugin's
 * checks and prices at preview, the schema, an explicit provider with an invoke, up --json's URNs).
 */

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

/** A second backup, taken after data was written (the restore's source). */
const WITH_DATA = `  withData:
    type: tencentcloud-redis:index:Backup
    properties:
      instanceId: \${cache.instanceId}
      remark: with-data
`;

/** The program: an instance and a backup of it; `withData` adds the second backup and its id as an output. */
function program(o: { withData?: boolean } = {}): string {
  return o.withData
    ? `${CONFIG}resources:\n${CACHE}${WITH_DATA}${OUTPUTS}  withDataId: \${withData.backupId}\n`
    : `${CONFIG}resources:\n${CACHE}${OUTPUTS}`;
}

describe("a YAML program through the provider plugin installed from its tarball", () => {
  pluginScenarios<YamlProject>({
    createProjects: async () => ({
      project: yamlProject("yaml", program()),
      other: yamlProject("yaml-import", `${CONFIG}resources: {}\n`),
    }),
    program,
    programFile: "Pulumi.yaml",
    cacheName: "yaml-cache",
    op: yamlOp,
    pulumi: yamlPulumi,
    // `pulumi import --out` writes the program's code for what it imported.
    importFlags: (other, name) => ["--out", path.join(other.dir, `${name}.yaml`)],
    declaredImports: "the printed code plus the password",
    declareImported(other, { instanceId, name }) {
      const code = fs.readFileSync(path.join(other.dir, "taken.yaml"), "utf8");
      expect(code).toMatch(/memSize: 2048/);
      expect(code).toMatch(new RegExp(`name: ${name}\n`));
      expect(code).toMatch(/zoneId: 100002/);
      const backupCode = fs.readFileSync(path.join(other.dir, "takenSnap.yaml"), "utf8");
      expect(backupCode).toMatch(new RegExp(`instanceId: ${instanceId}\n`));
      // A user pastes the code, declares the password, keeps the rest.
      const pasted = `${code.replace(/password: .*$/m, "password: \u0024{redisPassword}")}${backupCode.replace(/^resources:\n/, "")}`;
      return `${CONFIG}${pasted}`;
    },
    projectFiles: (project) => projectFiles(project),
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
    expect(out).toMatch(/period must be one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36 months \(got 13\)/);
    expect(writeCounts(await fx.calls())).toEqual({});
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
    expect(writeCounts(await fx.calls())).toEqual({});
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
