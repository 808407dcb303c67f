import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./freePort";
import { redisCommands } from "./resp";

/**
 * Runs one real redis-server per instance. Each server runs under a tiny `sh` guard that reads the emulator's pipe:
 * when the emulator exits for any reason (even SIGKILL) the pipe closes, `cat` returns and the guard stops redis
 * (SIGTERM, which saves dump.rdb). A pid file in the instance dir lets the next start reap a survivor anyway.
 * @internal
 */
export class RedisSupervisor {
  private readonly children = new Map<string, ChildProcess>();

  constructor(private readonly dataDir: string) {}

  /** Directory of an instance (config, dump.rdb, pid file, log). */
  dirOf(redisId: string): string {
    return join(this.dataDir, "instances", redisId);
  }

  /** Starts the server on `port` (or a fresh free port when taken/0); resolves with the port once it answers. */
  async start(redisId: string, opts: { port: number; password: string; memSize: number }): Promise<number> {
    if (this.children.has(redisId)) return opts.port;
    const dir = this.dirOf(redisId);
    mkdirSync(dir, { recursive: true });
    reapStale(join(dir, "redis.pid"));
    let port = opts.port;
    if (
      port === 0 ||
      (await freePort(port).then(
        () => false,
        () => true,
      ))
    )
      port = await freePort();
    const conf = join(dir, "redis.conf");
    writeFileSync(
      conf,
      [
        `port ${port}`,
        "bind 127.0.0.1",
        `requirepass "${opts.password}"`,
        `maxmemory ${opts.memSize}mb`,
        `dir "${dir}"`,
        "dbfilename dump.rdb",
        "save 1 1",
        "appendonly no",
        `pidfile "${join(dir, "redis.pid")}"`,
        `logfile "${join(dir, "redis.log")}"`,
        "daemonize no",
      ].join("\n"),
      { mode: 0o600 },
    );
    const child = spawn(
      "sh",
      ["-c", 'redis-server "$1" </dev/null & pid=$!; cat >/dev/null; kill -TERM $pid; wait $pid', "sh", conf],
      {
        stdio: ["pipe", "ignore", "ignore"],
      },
    );
    this.children.set(redisId, child);
    child.on("exit", () => {
      if (this.children.get(redisId) === child) this.children.delete(redisId);
    });
    await waitReady(port, opts.password);
    return port;
  }

  isRunning(redisId: string): boolean {
    return this.children.has(redisId);
  }

  /** Stops the server (it saves dump.rdb on SIGTERM) and waits for it to exit. */
  async stop(redisId: string): Promise<void> {
    const child = this.children.get(redisId);
    if (!child) return;
    this.children.delete(redisId);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.stdin?.end();
    const timer = setTimeout(() => {
      reapStale(join(this.dirOf(redisId), "redis.pid"));
      child.kill("SIGKILL");
    }, 10_000);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((id) => this.stop(id)));
  }

  /** Removes an instance's directory (after stop). */
  wipe(redisId: string): void {
    rmSync(this.dirOf(redisId), { recursive: true, force: true });
  }
}

function reapStale(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (cmd.includes("redis-server")) process.kill(pid, "SIGKILL");
  } catch {
    // not running any more
  }
  rmSync(pidFile, { force: true });
}

async function waitReady(port: number, password: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await redisCommands(port, password, [["PING"]], 1000);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      // Waiting on a child process coming up: poll its port, not a fixed sleep.
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
