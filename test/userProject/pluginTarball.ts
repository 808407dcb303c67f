import * as fs from "node:fs";
import { buildPluginTarball } from "./pluginBuild";

/** The environment variable through which a test run hands its plugin tarball to the test processes. */
export const PLUGIN_TARBALL_ENV = "PTR_PLUGIN_TARBALL";

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
