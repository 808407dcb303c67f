import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serve3 } from "./api3Route";
import { type RouteDeps, serve2017 } from "./api2017Route";
import { CallLog } from "./callLog";
import { serveControls } from "./controlsRoute";
import { Engine } from "./engine";
import { Faults } from "./faults";
import { Serial, sendJson } from "./httpUtil";
import { RateLimiter } from "./rateLimiter";
import { ReplayGuard } from "./replayGuard";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 0. */
  port?: number;
  /** Directory for state.json, the instances' redis data and backups. */
  dataDir: string;
  secretId: string;
  secretKey: string;
  /** Time an order takes to go 2 -> 3 -> 4. Default 3000. */
  dealDelayMs?: number;
  /** Time a task takes to finish. Default 1000. */
  taskDelayMs?: number;
  /** SQL Server instances the API 3.0 CreateBackup knows. */
  sqlserverInstances?: { id: string; dbNames: string[] }[];
  /** Requests per second before 4400; unlimited when absent. */
  rateLimit?: number;
  /** No log lines on stderr. */
  quiet?: boolean;
}

/** A running emulator. */
export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Stops the HTTP server and every redis-server it started, and writes the state. */
  stop(): Promise<void>;
}

/**
 * Starts the CRS emulator: the 2017 API at /v2/index.php, API 3.0 at /, test controls under /_emulator/, a real
 * redis-server per instance. State in `dataDir` survives a restart.
 * @param opts - see {@link EmulatorOptions}
 */
export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  const log = opts.quiet ? () => undefined : (line: string) => process.stderr.write(`[crs-emulator] ${line}\n`);
  const engine = new Engine({
    dataDir: opts.dataDir,
    dealDelayMs: opts.dealDelayMs ?? 3000,
    taskDelayMs: opts.taskDelayMs ?? 1000,
    sqlserverInstances: opts.sqlserverInstances ?? [],
    log,
  });
  await engine.resume();
  const deps: RouteDeps = {
    engine,
    calls: new CallLog(),
    // Fault ids are unique across restarts (fault-<per-start hex>-<n>), so a fired record kept over one is unambiguous.
    faults: new Faults(`fault-${randomBytes(3).toString("hex")}`),
    replay: new ReplayGuard(() => engine.now()),
    limiter: new RateLimiter(opts.rateLimit),
    serial: new Serial(),
    secretId: opts.secretId,
    secretKey: opts.secretKey,
  };
  const resetAll = async (): Promise<void> => {
    await engine.reset();
    deps.calls.clear();
    deps.faults.clear(true);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route =
      url.pathname === "/v2/index.php"
        ? serve2017(req, res, url, deps)
        : url.pathname.startsWith("/_emulator/")
          ? serveControls(req, res, url, deps, resetAll)
          : url.pathname === "/"
            ? serve3(req, res, url, deps)
            : Promise.resolve(sendJson(res, 404, { error: `no route ${url.pathname}` }));
    route.catch((e: unknown) => {
      log(`request failed: ${String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { error: "emulator failure" });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // Deals, tasks and deadlines advance on their own too, not only when a request arrives.
  const timer = setInterval(() => void deps.serial.run(() => engine.tick()), 100);
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await deps.serial.run(() => engine.shutdown());
      })();
      return stopping;
    },
  };
}
