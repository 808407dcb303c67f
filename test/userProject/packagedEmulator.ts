import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";

/**
 * Starts the emulator a user gets with the package (`node_modules/.bin/crs-emulator` of `projectDir`) and resolves
 * with its base URL once it prints that it listens (`--port 0` picks a free port).
 * @param projectDir - a project folder the package is installed in
 * @param args - the emulator's command-line flags
 * @param command - how to start it, when not from the project's node_modules (a YAML project has none)
 */
export function startPackagedEmulator(
  projectDir: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  command: string[] = [path.join(projectDir, "node_modules", ".bin", "crs-emulator")],
): Promise<{ child: ChildProcess; url: string }> {
  const [bin = "", ...pre] = command;
  const child = spawn(bin, [...pre, ...args], {
    cwd: projectDir,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (d: Buffer) => {
      seen += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once("exit", (code) => reject(new Error(`crs-emulator exited (${code}) before listening:\n${seen}`)));
  });
}
