import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./installedPackage";
import { buildPluginTarball } from "./pluginBuild";

/** The environment variable through which a test run hands its plugin tarball to the test processes. */
export const PLUGIN_TARBALL_ENV = "PTR_PLUGIN_TARBALL";

/** The plugin's version: the package's. */
export const PLUGIN_VERSION = (
  JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }
).version;

/**
 * The provider plugin's tarball of the current build, built once per test run: the global setup builds it
 * (test/globalSetup.ts), test processes find it through the environment; a process started without it builds it.
 */
export function pluginTarball(): string {
  const made = process.env[PLUGIN_TARBALL_ENV];
  if (made && fs.existsSync(made)) return made;
  const tarball = buildPluginTarball();
  process.env[PLUGIN_TARBALL_ENV] = tarball;
  return tarball;
}

/**
 * `pulumi plugin install` of the tarball into the PULUMI_HOME `home`, as a user offline does: the arguments and the
 * environment, for a synchronous or an asynchronous run.
 */
export function pluginInstall(home: string): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: ["plugin", "install", "resource", "tencentcloud-redis", `v${PLUGIN_VERSION}`, "--file", pluginTarball()],
    env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" },
  };
}

/** The plugin's installed folder in a PULUMI_HOME (where the CLI runs it from). */
export function pluginDir(home: string): string {
  return path.join(home, "plugins", `resource-tencentcloud-redis-v${PLUGIN_VERSION}`);
}
