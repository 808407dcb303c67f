import { type ChildProcess, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installedPackage, REPO, USER_ROOT } from "../userProject/installedPackage";
import { startPackagedEmulator } from "../userProject/packagedEmulator";
import { projectFiles, pulumiSync, startPulumi, type UserProject } from "../userProject/project";
import { redisCommands } from "./redisClient";

const PASSWORD = "UserRoad#2026";
const SECRET_ID = "AKIDuserRoadTest0001";
const SECRET_KEY = "user-road-secret-key-9c1e";

interface EmuCall {
  action: string;
}

/** `npm pack --dry-run` of the repo: the files a user's `npm install` gets. */
function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO, encoding: "utf8" });
  const [info] = JSON.parse(out.slice(out.indexOf("["))) as { files: { path: string }[] }[];
  return (info?.files ?? []).map((f) => f.path);
}

describe("what npm pack ships", () => {
  it("the built provider with its types, the plugin classes, the emulator command, README and LICENSE; no tests, .work or data", () => {
    const files = packedFiles();
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/runtimeEntry.js",
      "dist/emulator/main.js",
      "dist/sdk/nodejs/index.js",
      "dist/sdk/nodejs/index.d.ts",
      "dist/sdk/nodejs/package.json",
    ]) {
      expect(files, f).toContain(f);
    }
    const unwanted = files.filter((f) =>
      /(^|\/)(test|tests|\.work|bench|examples|scripts|tools)\/|\.test\.|\.rdb$|\.aof$|emulator-data|state\.json$/.test(
        f.replace(/^dist\/emulator\//, "dist/"),
      ),
    );
    expect(unwanted).toEqual([]);
    expect(
      files.filter((f) => !/^(dist\/(provider|emulator|sdk\/nodejs)\/|package\.json$|README\.md$|LICENSE$)/.test(f)),
    ).toEqual([]);
  });
});

/**
 * The user's road, whole: a project folder of their own (examples/quickstart copied out of the repo), `npm install` of
 * the packed tarball next to the newest @pulumi/pulumi 3.x, the emulator the package ships (`crs-emulator`), and the
 * plain `pulumi` command line for preview, up, refresh and destroy.
 */
describe("a user's own project, installed from the tarball, on the pulumi command line", () => {
  let project: UserProject;
  let emulator: ChildProcess;
  let endpoint = "";
  let env: Record<string, string> = {};
  const calls = async (): Promise<EmuCall[]> =>
    ((await (await fetch(`${endpoint}/_emulator/calls`)).json()) as { calls: EmuCall[] }).calls;
  const pulumi = async (args: string[]) => {
    const r = await startPulumi(project, [...args, "--non-interactive", "--color", "never"], env).done;
    expect(r.code, `pulumi ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
    return r;
  };

  beforeAll(async () => {
    const { tarball } = installedPackage();
    fs.mkdirSync(path.join(USER_ROOT, "projects"), { recursive: true });
    const dir = fs.mkdtempSync(path.join(USER_ROOT, "projects", "own-"));
    for (const f of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"]) {
      fs.copyFileSync(path.join(REPO, "examples", "quickstart", f), path.join(dir, f));
    }
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, "@pulumi/pulumi@^3"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    project = { dir, project: "tencentcloud-redis-quickstart", stateDir: path.join(dir, "state") };
    fs.mkdirSync(project.stateDir);

    // The emulator as a user starts it: the package's bin, on a free port. Its data (which holds the instances'
    // passwords) lives outside the project folder that is audited below.
    ({ child: emulator, url: endpoint } = await startPackagedEmulator(dir, [
      "--port",
      "0",
      "--data-dir",
      `${dir}.emulator`,
      "--secret-id",
      SECRET_ID,
      "--secret-key",
      SECRET_KEY,
    ]));
    env = {
      TENCENTCLOUD_SECRET_ID: SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TENCENTCLOUD_REDIS_ENDPOINT: endpoint,
    };
  });
  afterAll(() => {
    emulator?.kill("SIGTERM");
  });

  it("holds exactly one copy of @pulumi/pulumi, the newest 3.x, shared with the package", () => {
    const out = execFileSync("npm", ["ls", "@pulumi/pulumi", "--all", "--json"], {
      cwd: project.dir,
      encoding: "utf8",
    });
    const versions = new Set<string>();
    const walk = (deps: Record<string, { version?: string; dependencies?: object }> | undefined): void => {
      for (const [name, d] of Object.entries(deps ?? {})) {
        if (name === "@pulumi/pulumi" && d.version) versions.add(d.version);
        walk(d.dependencies as Record<string, { version?: string; dependencies?: object }> | undefined);
      }
    };
    walk((JSON.parse(out) as { dependencies?: Record<string, { version?: string }> }).dependencies);
    expect([...versions]).toHaveLength(1);
    const newest = execFileSync("npm", ["view", "@pulumi/pulumi@^3", "version", "--json"], { encoding: "utf8" });
    const list = JSON.parse(newest) as string | string[];
    expect([...versions][0]).toBe(Array.isArray(list) ? list[list.length - 1] : list);
    const nested = path.join(project.dir, "node_modules", "pulumi-tencentcloud-redis", "node_modules", "@pulumi");
    expect(fs.existsSync(nested)).toBe(false);
  });

  it("preview, up, refresh and destroy: one CreateRedis, Redis takes the declared password, no secret on disk", async () => {
    pulumiSync(project, ["stack", "init", "dev", "--non-interactive"], env);
    // The password through stdin, as `pulumi config set --secret` reads it when no value is given.
    pulumiSync(
      project,
      ["config", "set", "--secret", "redisPassword", "--stack", "dev", "--non-interactive"],
      env,
      PASSWORD,
    );

    const pre = await pulumi(["preview", "--stack", "dev"]);
    expect(pre.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/tencentcloud-redis:Instance\s+cache\s+create/);
    expect((await calls()).filter((c) => !/^(Describe|Get|Inquiry)/.test(c.action))).toEqual([]);

    await pulumi(["up", "--yes", "--stack", "dev"]);
    const outs = JSON.parse(pulumiSync(project, ["stack", "output", "--json", "--stack", "dev"], env)) as {
      instanceId: string;
      port: number;
    };
    expect(outs.instanceId).toMatch(/^crs-/);
    expect((await calls()).filter((c) => c.action === "CreateRedis")).toHaveLength(1);
    expect(await redisCommands(outs.port, "127.0.0.1", [["AUTH", PASSWORD], ["PING"]])).toEqual(["OK", "PONG"]);

    const ref = await pulumi(["refresh", "--yes", "--stack", "dev"]);
    expect(ref.stdout).toMatch(/2 unchanged/);
    const again = await pulumi(["preview", "--stack", "dev"]);
    expect(again.stdout).toMatch(/2 unchanged/);

    const exported = pulumiSync(project, ["stack", "export", "--stack", "dev"], env);
    expect(exported).toContain(outs.instanceId);
    const texts = [exported, ...projectFiles(project).map((f) => fs.readFileSync(f, "utf8"))];
    for (const t of texts) {
      expect(t).not.toContain(PASSWORD);
      expect(t).not.toContain(SECRET_KEY);
    }

    const down = await pulumi(["destroy", "--yes", "--stack", "dev"]);
    expect(down.stdout).toContain("deleted");
    expect((await calls()).filter((c) => c.action === "CreateRedis")).toHaveLength(1);
  });
});
