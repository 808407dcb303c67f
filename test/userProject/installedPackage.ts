import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root. */
export const REPO = path.resolve(__dirname, "../..");

/**
 * What a user's project depends on besides this package: the newest @pulumi/pulumi 3.x (the package's peer range
 * ends at <4) and what Pulumi's TypeScript templates add.
 */
export const USER_DEPENDENCIES: Record<string, string> = { "@pulumi/pulumi": "^3" };
export const USER_DEV_DEPENDENCIES: Record<string, string> = { typescript: "^5", "@types/node": "^24" };

/** Where installed user templates live: outside the repo, so nothing resolves through the repo's node_modules. */
export const USER_ROOT = path.join(os.tmpdir(), "pulumi-tencentcloud-redis-user");

export interface InstalledPackage {
  /** The `npm pack` tarball of the current build. */
  tarball: string;
  /** A user project folder with the tarball and its peers installed by `npm install`. */
  template: string;
  /** `<template>/node_modules`, which every test project links to. */
  nodeModules: string;
}

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_loglevel: "error", npm_config_fund: "false", npm_config_audit: "false" },
  });
}

/** `npm pack` of the repo (its `prepack` builds first); returns the tarball's path. */
export function packRepo(into: string): string {
  fs.mkdirSync(into, { recursive: true });
  const out = npm(["pack", "--json", "--pack-destination", into], REPO);
  const [info] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[];
  if (!info) throw new Error(`npm pack printed no file:\n${out}`);
  return path.join(into, info.filename);
}

/** The package.json of a user's project that installs `spec` for pulumi-tencentcloud-redis. */
export function userPackageJson(name: string, spec: string): string {
  return `${JSON.stringify(
    {
      name,
      private: true,
      main: "index.ts",
      dependencies: { ...USER_DEPENDENCIES, "pulumi-tencentcloud-redis": spec },
      devDependencies: USER_DEV_DEPENDENCIES,
    },
    null,
    2,
  )}\n`;
}

let memo: InstalledPackage | undefined;

/** The environment variable through which a test run's global setup hands its install to the test processes. */
export const INSTALLED_ENV = "PTR_INSTALLED_PACKAGE";

/**
 * Packs the current build and installs it, as a user would (`npm install <tarball>` next to @pulumi/pulumi), into a
 * template project keyed by the tarball's hash. Made once per build: a second call (or a second test process) finds it.
 */
export function installedPackage(): InstalledPackage {
  if (memo && fs.existsSync(memo.nodeModules)) return memo;
  // Made by the test run's global setup (test/globalSetup.ts): every test process shares that one install.
  const made = process.env[INSTALLED_ENV];
  if (made) {
    memo = JSON.parse(made) as InstalledPackage;
    if (fs.existsSync(memo.nodeModules)) return memo;
  }
  const packs = path.join(USER_ROOT, "packs");
  const packed = packRepo(path.join(packs, `tmp-${process.pid}`));
  const hash = createHash("sha256").update(fs.readFileSync(packed)).digest("hex").slice(0, 16);
  const tarball = path.join(packs, `pulumi-tencentcloud-redis-${hash}.tgz`);
  fs.renameSync(packed, tarball);
  fs.rmSync(path.dirname(packed), { recursive: true, force: true });
  const template = path.join(USER_ROOT, `template-${hash}`);
  const nodeModules = path.join(template, "node_modules");
  if (!fs.existsSync(path.join(nodeModules, ".ptr-installed"))) {
    // Installed in a folder of its own, then renamed: a concurrent caller never sees half an install.
    const staging = `${template}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    fs.writeFileSync(path.join(staging, "package.json"), userPackageJson("user-template", `file:${tarball}`));
    npm(["install"], staging);
    fs.writeFileSync(path.join(staging, "node_modules", ".ptr-installed"), new Date().toISOString());
    try {
      fs.renameSync(staging, template);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process won the race; its install is as good
    }
  }
  memo = { tarball, template, nodeModules };
  return memo;
}
