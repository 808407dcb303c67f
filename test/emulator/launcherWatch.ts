import { readFileSync } from "node:fs";

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(rest[1]);
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/**
 * `npm run emulator` is npm -> (sh) -> tsx -> node. npm does not always forward SIGTERM to its child, so a launcher
 * killed by a test harness would leave the emulator (and its redis-servers) running. This watches the launcher
 * processes above us (those whose command line names npm or tsx) and calls `onGone` when one of them exits.
 * Returns a function that stops watching. Linux only (no /proc elsewhere: then it does nothing).
 * @internal
 */
export function watchLaunchers(onGone: () => void): () => void {
  const watched: number[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    const cmd = cmdline(pid);
    if (!/\bnpm\b|npm-cli|\btsx\b|run-script/.test(cmd)) break;
    watched.push(pid);
    const up = parentOf(pid);
    if (up === undefined) break;
    pid = up;
  }
  if (watched.length === 0) return () => undefined;
  const timer = setInterval(() => {
    for (const p of watched) {
      try {
        process.kill(p, 0);
      } catch {
        clearInterval(timer);
        onGone();
        return;
      }
    }
  }, 500);
  timer.unref();
  return () => clearInterval(timer);
}
