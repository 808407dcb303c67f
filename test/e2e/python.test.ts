import * as fs from "node:fs";
import { describe, expect } from "vitest";
import { createPythonProject, type PythonProject, pythonProjectFiles } from "../userProject/pythonProject";
import { pluginScenarios } from "./pluginScenarios";
import { pythonOp, pythonPulumi } from "./pythonCli";

/*
 * A Python program, as a Python user writes one with the generated SDK (`import pulumi_tencentcloud_redis as redis`),
 * in a project folder outside the repo whose virtualenv pip filled offline from the pinned `pulumi` and the SDK's
 * wheel, run by plain `pulumi` (the Python language host, `virtualenv: venv` in Pulumi.yaml) with the provider
 * plugin installed from its tarball: the scenarios of test/e2e/pluginScenarios.ts, checked through the emulator's
 * call log, the data in Redis and the state file, and that the program ran in the project's virtualenv.
 */

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

describe("a Python program on the generated SDK through the provider plugin installed from its tarball", () => {
  pluginScenarios<PythonProject>({
    async createProjects() {
      const started = Date.now();
      const [project, other] = await Promise.all([
        createPythonProject("python", program()),
        createPythonProject("python-import", "import pulumi\n"),
      ]);
      console.log(
        `two python projects with their virtualenvs: ${project.dir}, ${other.dir} (${Date.now() - started} ms)`,
      );
      return { project, other };
    },
    program,
    programFile: "__main__.py",
    cacheName: "py-cache",
    op: pythonOp,
    pulumi: pythonPulumi,
    checkCreated(outputs, project) {
      // The program ran in the project's virtualenv (Pulumi.yaml's `virtualenv: venv`), not in a Python of the machine.
      expect(fs.realpathSync(String(outputs.pythonPrefix))).toBe(fs.realpathSync(project.venv));
    },
    // The v3.68 Python host cannot write the program's code (GenerateProgram): the import only takes the state.
    importFlags: () => ["--generate-code=false"],
    declaredImports: "a program declaring them",
    declareImported: (_other, { name }) =>
      [
        "import pulumi",
        "import pulumi_tencentcloud_redis as redis",
        "",
        "config = pulumi.Config()",
        "taken = redis.Instance(",
        '    "taken",',
        "    zone_id=100002,",
        "    type_id=2,",
        "    mem_size=2048,",
        `    name="${name}",`,
        '    password=config.require_secret("redisPassword"),',
        ")",
        'redis.Backup("takenSnap", instance_id=taken.instance_id, remark="py-snap")',
        "",
      ].join("\n"),
    projectFiles: pythonProjectFiles,
  });
});
