import { INSTALLED_ENV, installedPackage } from "./userProject/installedPackage";

/**
 * Packs the current build and installs it into a user project once per test run, before the test processes start
 * (they inherit the location). `PTR_NO_USER_PACKAGE=1` skips it for runs of unit and integration tests only.
 */
export default function setup(): void {
  if (process.env.PTR_NO_USER_PACKAGE === "1") return;
  const started = Date.now();
  const pkg = installedPackage();
  process.env[INSTALLED_ENV] = JSON.stringify(pkg);
  console.log(`user package: ${pkg.tarball} installed in ${pkg.template} (${Date.now() - started} ms)`);
}
