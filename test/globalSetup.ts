import { INSTALLED_ENV, installedPackage } from "./userProject/installedPackage";
import { buildPluginTarball } from "./userProject/pluginBuild";
import { PLUGIN_TARBALL_ENV } from "./userProject/pluginTarball";

/**
 * Packs the current build and installs it into a user project once per test run, before the test processes start
 * (they inherit the location); then makes the provider plugin's tarball of that same build (pluginTarball() hands it
 * to the tests that install the plugin). `PTR_NO_USER_PACKAGE=1` skips both for runs of unit and integration tests
 * only.
 */
export default function setup(): void {
  if (process.env.PTR_NO_USER_PACKAGE === "1") return;
  let started = Date.now();
  const pkg = installedPackage();
  process.env[INSTALLED_ENV] = JSON.stringify(pkg);
  console.log(`user package: ${pkg.tarball} installed in ${pkg.template} (${Date.now() - started} ms)`);
  started = Date.now();
  const plugin = buildPluginTarball();
  process.env[PLUGIN_TARBALL_ENV] = plugin;
  console.log(`plugin tarball: ${plugin} (${Date.now() - started} ms)`);
}
