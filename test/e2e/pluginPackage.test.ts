import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USER_ROOT } from "../userProject/installedPackage";
import { PLUGIN_VERSION, pluginDir, pluginInstall } from "../userProject/pluginTarball";

/*
 * The provider plugin's tarball (`bash scripts/run.sh plugin`) as a user without network installs it: the real
 * `pulumi plugin install resource tencentcloud-redis v<version> --file <tarball>` into a fresh PULUMI_HOME, then what
 * the CLI finds there and what the launcher it runs does with the node on PATH.
 */

const LAUNCHER = "pulumi-resource-tencentcloud-redis";

/** A `node` that is v20.20.2, answering the version queries a launcher makes and nothing else. */
const OLD_NODE = `#!/bin/sh
case "$1" in
  --version | -v) echo v20.20.2 ;;
  -p | -e | --print) echo 20.20.2 ;;
  *) echo "node v20.20.2 was asked to run: $*" >&2; exit 1 ;;
esac
`;

describe("the provider plugin's tarball, installed offline with pulumi plugin install --file", () => {
  let home = "";
  let scratch = "";
  let launcher = "";
  const pulumi = (args: string[]): string =>
    execFileSync("pulumi", args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PULUMI_HOME: home,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
    });

  beforeAll(() => {
    fs.mkdirSync(path.join(USER_ROOT, "homes"), { recursive: true });
    home = fs.mkdtempSync(path.join(USER_ROOT, "homes", "plugin-package-"));
    scratch = fs.mkdtempSync(path.join(USER_ROOT, "homes", "plugin-package-scratch-"));
    pulumi(pluginInstall(home).args);
    launcher = path.join(pluginDir(home), LAUNCHER);
  });

  afterAll(() => {
    for (const dir of [home, scratch]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("pulumi plugin ls lists resource tencentcloud-redis at the package's version", () => {
    const plugins = JSON.parse(pulumi(["plugin", "ls", "--json"])) as { name: string; kind: string; version: string }[];
    expect(plugins.map(({ name, kind, version }) => ({ name, kind, version }))).toEqual([
      { name: "tencentcloud-redis", kind: "resource", version: PLUGIN_VERSION },
    ]);
  });

  it("the plugin's folder holds the launcher the CLI runs, executable", () => {
    expect(() => fs.accessSync(launcher, fs.constants.X_OK)).not.toThrow();
  });

  it("the launcher refuses a node older than 22 and names both versions", () => {
    const bin = path.join(scratch, "old-node");
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, "node"), OLD_NODE, { mode: 0o755 });
    const run = spawnSync(launcher, ["127.0.0.1:1"], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` },
    });
    expect(run.status, run.stderr).not.toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/\b22\b/);
    expect(run.stderr).toContain("v20.20.2");
    expect(run.stderr).not.toContain("was asked to run");
  });

  it("with the node on PATH the launcher starts the plugin, which prints the port it serves on", async () => {
    // What the CLI does: runs it with the engine's address and reads the port from its first line of stdout.
    const child = spawn(launcher, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
        });
        child.on("close", (code) => reject(new Error(`the plugin exited (${code}) before a port: ${stderr}`)));
      });
      expect(first).toMatch(/^\d+$/);
      // Something listens there.
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect(Number(first), "127.0.0.1", () => {
          socket.end();
          resolve();
        });
        socket.on("error", reject);
      });
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });
});
