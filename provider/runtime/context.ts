import { CrsClient } from "../api/client";
import { resolveSettings, type Settings } from "../config";
import { stackConfig } from "./stackConfig";

/** Everything one provider call needs, built when the call starts (credentials are read now, never captured). */
export interface CallContext {
  client: CrsClient;
  settings: Settings;
  /** Absolute deadline (epoch ms) for one wait on the cloud. */
  waitDeadline(): number;
  waitTimeoutSeconds: number;
  log(line: string): void;
}

const DEFAULT_WAIT_SECONDS = 1800;

/**
 * Request traces (one line per API call and per retried attempt) are for debugging: on when
 * `TENCENTCLOUD_REDIS_LOG=debug`, or when the CLI passes its verbosity to the plugin (`pulumi -v=N --logflow`, which
 * hands `-v=N` to every plugin it starts). A user sees only what each resource orders, waits for and ends.
 * @internal
 */
export function tracing(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): boolean {
  const level = (env.TENCENTCLOUD_REDIS_LOG ?? "").toLowerCase();
  if (level === "debug" || level === "trace") return true;
  return argv.some((a) => {
    const m = /^--?v(?:erbose)?=(\d+)$/.exec(a);
    return m !== null && Number(m[1]) > 0;
  });
}

/**
 * A line for the user, also where no call context can be made (no credentials).
 * @internal
 */
export function userLog(line: string): void {
  // The dynamic-provider host forwards the plugin's stderr to the CLI, which prints it with the resource's update.
  process.stderr.write(`[tencentcloud-redis] ${line}\n`);
}

/**
 * @param waitTimeoutSeconds - the resource's own bound, if it set one
 * @internal
 */
export function callContext(waitTimeoutSeconds?: unknown): CallContext {
  const config = stackConfig();
  const settings = resolveSettings(config);
  const fromConfig = Number(config["tencentcloud-redis:waitTimeoutSeconds"]);
  const seconds =
    typeof waitTimeoutSeconds === "number" && waitTimeoutSeconds > 0
      ? waitTimeoutSeconds
      : Number.isFinite(fromConfig) && fromConfig > 0
        ? fromConfig
        : DEFAULT_WAIT_SECONDS;
  const log = userLog;
  return {
    client: new CrsClient({ settings, ...(tracing() ? { log } : {}) }),
    settings,
    waitDeadline: () => Date.now() + seconds * 1000,
    waitTimeoutSeconds: seconds,
    log,
  };
}
