import { CrsClient } from "../api/client";
import { callScope } from "../callScope";
import { processClock } from "../clock";
import { resolveSettings, type Settings } from "../config";
import { ConfigError } from "../errors";
import { stackConfig } from "./stackConfig";

/** Everything one provider call needs, built when the call starts (credentials are read now, never captured). */
export interface CallContext {
  client: CrsClient;
  settings: Settings;
  /** Absolute deadline (epoch ms) for one wait on the cloud. */
  waitDeadline(): number;
  waitTimeoutSeconds: number;
  /** What ends a wait that starts now, for the message of a wait that timed out: the one to raise. */
  waitBound?(): string;
  /** A line for the user (default verbosity), prefixed with the resource's name when the call knows it. */
  log(line: string): void;
}

/**
 * Writes one line for the user: to the call's resource when its host attached the call to one (callScope.ts), else to
 * stderr, which the dynamic-provider host hands to the CLI as a message of the stack (that host does not know which
 * resource a line belongs to), hence the resource name in the line.
 * @internal
 */
export function userLine(line: string, resource?: string): void {
  const scoped = callScope()?.log;
  if (scoped) scoped(line);
  else process.stderr.write(`[tencentcloud-redis] ${resource ? `${resource}: ` : ""}${line}\n`);
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
 * @param waitTimeoutSeconds - the resource's own bound, if it set one
 * @param resource - the Pulumi resource name, for the user's lines
 * @internal
 */
export function callContext(waitTimeoutSeconds?: unknown, resource?: string): CallContext {
  const config = stackConfig();
  const settings = resolveSettings(config);
  const fromConfig = Number(config["tencentcloud-redis:waitTimeoutSeconds"]);
  const seconds =
    typeof waitTimeoutSeconds === "number" && waitTimeoutSeconds > 0
      ? waitTimeoutSeconds
      : Number.isFinite(fromConfig) && fromConfig > 0
        ? fromConfig
        : DEFAULT_WAIT_SECONDS;
  const log = (line: string) => userLine(line, resource);
  // The operation's own deadline (a plugin's customTimeouts) ends every wait of the call by then.
  const operationEnds = callScope()?.deadlineMs ?? Number.POSITIVE_INFINITY;
  /** When a wait that starts now ends, and which bound ends it. */
  const waitEnds = (): { at: number; by: string } => {
    const own = processClock().now() + seconds * 1000;
    return operationEnds < own
      ? { at: operationEnds, by: "the resource's customTimeouts (they bound the whole operation)" }
      : { at: own, by: "waitTimeoutSeconds" };
  };
  return {
    client: new CrsClient({ settings, ...(tracing() ? { log } : {}) }),
    settings,
    waitDeadline: () => waitEnds().at,
    waitBound: () => waitEnds().by,
    waitTimeoutSeconds: Number.isFinite(operationEnds)
      ? Math.min(seconds, Math.max(1, Math.ceil((operationEnds - processClock().now()) / 1000)))
      : seconds,
    log,
  };
}

/**
 * A call context, or why none can be made now: "no credentials" (a preview of a pull request from a fork, the common
 * case), else the missing setting. For what a preview may skip instead of failing (prices, checks against the cloud).
 * @internal
 */
export function callContextOrReason(waitTimeoutSeconds?: unknown, resource?: string): CallContext | string {
  try {
    return callContext(waitTimeoutSeconds, resource);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return /secret(Id|Key)/.test(err.message) ? "no credentials" : err.message;
  }
}
