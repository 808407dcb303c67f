import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { USER_ROOT } from "./installedPackage";
import { builtCopy } from "./pluginBuild";
import { PLUGIN_VERSION } from "./pluginTarball";
import { pluginHome, projectFiles, type YamlProject } from "./yamlProject";

/**
 * A user's Python project, outside the repo: Pulumi.yaml (`runtime: python` with `virtualenv: venv`), __main__.py,
 * requirements.txt, and a virtualenv made with `python3 -m venv` into which pip installed the pinned `pulumi` and the
 * generated SDK's wheel offline (from the toolchain's wheelhouse), as a user without network does. The provider
 * plugin is installed from its tarball into the project's PULUMI_HOME (the YAML projects' one), so the same CLI
 * helpers drive it (test/e2e/yamlCli.ts: a run without `program` leaves the project's files as they are).
 */
export interface PythonProject extends YamlProject {
  /** The virtualenv folder (`<dir>/venv`). */
  venv: string;
}

/** The environment variable through which a test run may hand a built wheel of the SDK to the test processes. */
export const PYTHON_WHEEL_ENV = "PTR_PYTHON_WHEEL";

/** The toolchain's wheelhouse of the pinned `pulumi` Python SDK and its pinned version (scripts/toolchain.sh). */
export function pythonToolchain(): { wheelhouse: string; sdkVersion: string } {
  const wheelhouse = process.env.PTR_PYTHON_WHEELHOUSE ?? "";
  const sdkVersion = process.env.PTR_PYTHON_SDK_VERSION ?? "";
  if (!wheelhouse || !sdkVersion || !fs.existsSync(wheelhouse)) {
    throw new Error(
      "no wheelhouse of the pulumi Python SDK (PTR_PYTHON_WHEELHOUSE, PTR_PYTHON_SDK_VERSION): run the tests after " +
        "`source scripts/toolchain.sh && ensure_toolchain` (its log says why a wheelhouse could not be made)",
    );
  }
  return { wheelhouse, sdkVersion };
}

/**
 * The wheel of sdk/python (scripts/pythonWheel.sh), copied outside the repo by builtCopy. Built once per test process
 * unless handed in.
 */
export function pythonWheel(): string {
  const made = process.env[PYTHON_WHEEL_ENV];
  if (made && fs.existsSync(made)) return made;
  const copy = builtCopy("pythonWheel.sh", "wheels", "wheel");
  process.env[PYTHON_WHEEL_ENV] = copy;
  return copy;
}

/** requirements.txt as a user writes it: the pinned SDK and this package. */
export function pythonRequirements(sdkVersion: string): string {
  return `pulumi==${sdkVersion}\npulumi_tencentcloud_redis==${PLUGIN_VERSION}\n`;
}

/** Pulumi.yaml of a Python project whose programs run in the virtualenv `venv` next to it. */
export function pythonProjectFile(project: string): string {
  return `name: ${project}\ndescription: a user's Python project (test)\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n`;
}

const execFileAsync = promisify(execFile);

/**
 * Makes a Python project folder with `program` as __main__.py: `python3 -m venv venv`, then
 * `venv/bin/pip install --no-index --find-links <wheelhouse> --find-links <wheel's folder> -r requirements.txt`.
 * Asynchronous, so a test's emulator connections are served meanwhile (about 6 s).
 */
export async function createPythonProject(
  label: string,
  program: string,
  project = "tencentcloud-redis-python",
): Promise<PythonProject> {
  const { wheelhouse, sdkVersion } = pythonToolchain();
  const wheel = pythonWheel();
  fs.mkdirSync(path.join(USER_ROOT, "projects"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(USER_ROOT, "projects", `${label.replace(/[^A-Za-z0-9_-]/g, "-")}-`));
  const stateDir = path.join(dir, "state");
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pythonProjectFile(project));
  fs.writeFileSync(path.join(dir, "requirements.txt"), pythonRequirements(sdkVersion));
  const p: PythonProject = { dir, project, stateDir, home: pluginHome(), venv: path.join(dir, "venv") };
  writePythonProgram(p, program);
  const run = async (file: string, args: string[]) => {
    try {
      await execFileAsync(file, args, { cwd: dir, encoding: "utf8" });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${file} ${args.join(" ")} failed: ${err.stderr ?? ""}${err.stdout ?? ""}${err.message}`);
    }
  };
  await run("python3", ["-m", "venv", p.venv]);
  await run(path.join(p.venv, "bin", "python"), [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--no-index",
    "--find-links",
    wheelhouse,
    "--find-links",
    path.dirname(wheel),
    "-r",
    "requirements.txt",
  ]);
  return p;
}

/** Replaces the project's program (__main__.py). */
export function writePythonProgram(p: Pick<PythonProject, "dir">, program: string): void {
  fs.writeFileSync(path.join(p.dir, "__main__.py"), program);
}

/** Every file of the project folder and its state, except the virtualenv's installed packages (for secret audits). */
export function pythonProjectFiles(p: PythonProject): string[] {
  return projectFiles(p, [path.join(p.venv, "lib")]);
}
