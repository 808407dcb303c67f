import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO, USER_ROOT } from "./installedPackage";

/**
 * Builds the provider plugin's tarball from the current build with scripts/pluginPackage.sh (dist/ must be built: the
 * global setup's `npm pack` has just built it) and copies it, outside the repo, into a folder keyed by its content: a
 * later build into dist/plugin/ (another test run, the bench) never changes the file a test is installing.
 * @returns the copy's path
 */
export function buildPluginTarball(): string {
  let out: string;
  try {
    out = execFileSync("bash", [path.join(REPO, "scripts", "pluginPackage.sh")], {
      cwd: REPO,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`scripts/pluginPackage.sh failed: ${err.stderr ?? ""}${err.message}`);
  }
  const built = out.trim().split("\n").pop() ?? "";
  if (!built || !fs.existsSync(built)) throw new Error(`scripts/pluginPackage.sh printed no tarball:\n${out}`);
  const hash = createHash("sha256").update(fs.readFileSync(built)).digest("hex").slice(0, 16);
  const copy = path.join(USER_ROOT, "plugins", hash, path.basename(built));
  if (!fs.existsSync(copy)) {
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    const tmp = `${copy}.tmp-${process.pid}`;
    fs.copyFileSync(built, tmp);
    fs.renameSync(tmp, copy);
  }
  return copy;
}
