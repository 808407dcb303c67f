import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { USER_ROOT } from "./installedPackage";
import { pluginInstall } from "./pluginTarball";
import { pulumiEnv, type UserProject } from "./project";

/**
 * A user's YAML project, outside the repo, run by the plain `pulumi` command line with the provider plugin installed
 * from its tarball into a PULUMI_HOME of its own (`pulumi plugin install ... --file`), as a user without network does.
 * Nothing of the repo is on the way: the plugin is not on PATH, the project has no node_modules.
 */
export interface YamlProject extends UserProject {
  /** The project's PULUMI_HOME, where the plugin was installed. */
  home: string;
}

/** A fresh PULUMI_HOME with the plugin installed from its tarball (one per test process). */
let home: string | undefined;
export function pluginHome(): string {
  if (home) return home;
  fs.mkdirSync(path.join(USER_ROOT, "homes"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(USER_ROOT, "homes", "pulumi-home-"));
  const install = pluginInstall(dir);
  execFileSync("pulumi", install.args, { env: install.env, stdio: ["ignore", "pipe", "pipe"] });
  home = dir;
  return dir;
}

/**
 * Makes a YAML project folder with `program` as its Pulumi.yaml body (resources, config, outputs), under the name
 * `project`.
 */
export function createYamlProject(label: string, program: string, project = "tencentcloud-redis-yaml"): YamlProject {
  fs.mkdirSync(path.join(USER_ROOT, "projects"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(USER_ROOT, "projects", `${label}-`));
  const stateDir = path.join(dir, "state");
  fs.mkdirSync(stateDir, { recursive: true });
  const p: YamlProject = { dir, project, stateDir, home: pluginHome() };
  writeYamlProgram(p, program);
  return p;
}

/** Replaces the project's program (the body of Pulumi.yaml after its name and runtime). */
export function writeYamlProgram(p: YamlProject, program: string): void {
  fs.writeFileSync(path.join(p.dir, "Pulumi.yaml"), `name: ${p.project}\nruntime: yaml\n${program}`);
}

/** The environment `pulumi` runs with in the project: offline, its own PULUMI_HOME, local backend. */
export function yamlEnv(p: YamlProject, extra: Record<string, string> = {}): Record<string, string> {
  return { PULUMI_HOME: p.home, ...extra };
}

/** `pulumiEnv` for a YAML project (for the few callers that spawn `pulumi` themselves). */
export function yamlPulumiEnv(p: YamlProject, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return pulumiEnv(p, yamlEnv(p, extra));
}

/** Every file of the project folder, its state included, except those under `skip` (for secret audits). */
export function projectFiles(p: Pick<UserProject, "dir">, skip: string[] = []): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (skip.includes(full)) continue;
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(full);
    }
  };
  walk(p.dir);
  return out;
}
