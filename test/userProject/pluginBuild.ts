import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO, USER_ROOT } from "./installedPackage";

/**
 * Runs a build script of scripts/ (it prints the file it built on its last line) and copies that file, outside the
 * repo, into `<USER_ROOT>/<folder>/<content hash>/`: a later build into dist/ (another test run, the bench) never
 * changes the file a test is installing.
 * @returns the copy's path
 */
export function builtCopy(script: string, folder: string, what: string): string {
  let out: string;
  try {
    out = execFileSync("bash", [path.join(REPO, "scripts", script)], {
      cwd: REPO,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`scripts/${script} failed: ${err.stderr ?? ""}${err.message}`);
  }
  const built = out.trim().split("\n").pop() ?? "";
  if (!built || !fs.existsSync(built)) throw new Error(`scripts/${script} printed no ${what}:\n${out}`);
  const hash = createHash("sha256").update(fs.readFileSync(built)).digest("hex").slice(0, 16);
  const copy = path.join(USER_ROOT, folder, hash, path.basename(built));
  if (!fs.existsSync(copy)) {
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    const tmp = `${copy}.tmp-${process.pid}`;
    fs.copyFileSync(built, tmp);
    fs.renameSync(tmp, copy);
  }
  return copy;
}

/**
 * The provider plugin's tarball of the current build (scripts/pluginPackage.sh; dist/ must be built: the global
 * setup's `npm pack` has just built it), copied by builtCopy.
 */
export function buildPluginTarball(): string {
  return builtCopy("pluginPackage.sh", "plugins", "tarball");
}
