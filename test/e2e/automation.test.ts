import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../userProject/installedPackage";
import { createUserProject, projectFiles, pulumiEnv, type UserProject } from "../userProject/project";
import { pluginHome } from "../userProject/yamlProject";
import { countByAction, type EmulatorFixture, SECRET_KEY, startFixture } from "./emulatorFixture";
import { redisCommands } from "./redisClient";

const execFileAsync = promisify(execFile);
const PASSWORD = "Automation#2026";

interface Result {
  changes: Record<string, number>;
  again: Record<string, number>;
  instanceId: string;
  port: number;
}

/*
 * README "Automation API": a user's Node program (test/e2e/programs/automation.ts, copied into a project folder with
 * the packed package installed) drives an inline program through LocalWorkspace, with the dynamic classes (project
 * `main` set to that folder) and with the plugin classes (no `main`; the plugin from its tarball).
 */
describe("the Automation API, both ways", () => {
  let fx: EmulatorFixture;
  let project: UserProject;

  beforeAll(async () => {
    fx = await startFixture();
    project = createUserProject("automation", path.join(__dirname, "programs", "trivial.ts"));
    fs.copyFileSync(path.join(__dirname, "programs", "automation.ts"), path.join(project.dir, "automation.ts"));
  });
  afterAll(async () => {
    await fx?.stop();
  });

  /** Runs the user's automation program with node (TypeScript through tsx, as `npx tsx automation.ts` would). */
  const automate = async (way: "dynamic" | "plugin"): Promise<Result> => {
    const tsx = path.join(REPO, "node_modules", "tsx", "dist", "cli.mjs");
    const env = pulumiEnv(project, { ...fx.env, PULUMI_HOME: pluginHome(), REDIS_PASSWORD: PASSWORD });
    const { stdout } = await execFileAsync(process.execPath, [tsx, "automation.ts", way, project.stateDir], {
      cwd: project.dir,
      env,
      maxBuffer: 64 << 20,
    });
    const line = stdout.trim().split("\n").pop() ?? "";
    return JSON.parse(line) as Result;
  };

  it.each(["dynamic", "plugin"] as const)(
    "%s: one up creates the instance once, a second changes nothing",
    async (way) => {
      await fx.clearCalls();
      const result = await automate(way);
      expect(result.changes).toEqual({ create: 2 }); // the stack and the instance
      expect(result.again).toEqual({ same: 2 });
      expect(result.instanceId).toMatch(/^crs-/);
      expect(countByAction(await fx.calls()).CreateRedis).toBe(1);
      expect(await redisCommands(result.port, "127.0.0.1", [["AUTH", PASSWORD], ["PING"]])).toEqual(["OK", "PONG"]);
      // The password and the SecretKey are in no file of the project folder or the state.
      for (const f of projectFiles(project)) {
        const text = fs.readFileSync(f, "utf8");
        expect(text.includes(PASSWORD), f).toBe(false);
        expect(text.includes(SECRET_KEY), f).toBe(false);
      }
    },
  );
});
