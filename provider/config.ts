import { ConfigError } from "./errors";

/** API credentials; `token` only for temporary keys. */
export interface Credentials {
  secretId: string;
  secretKey: string;
  token?: string;
}

/** Full URLs of the three APIs the provider speaks. */
export interface Endpoints {
  /** 2017 API, including the `/v2/index.php` path. */
  crs2017: string;
  /** Redis API 3.0 (2018-04-12). */
  redis3: string;
  /** SQL Server API 3.0 (2018-03-28). */
  sqlserver3: string;
}

/** Everything a client needs, resolved at call time. */
export interface Settings {
  credentials: Credentials;
  region: string;
  endpoints: Endpoints;
}

/** Stack config namespace of this provider. */
export const CONFIG_NAMESPACE = "tencentcloud-redis";

/** The stack config keys {@link resolveSettings} reads (credentials, region, endpoint). */
export const SETTINGS_KEYS = ["secretId", "secretKey", "token", "region", "endpoint"] as const;

/** Every stack config key of the provider: the settings and the provider's own bounds. Declared once here. */
export const CONFIG_KEYS = [...SETTINGS_KEYS, "waitTimeoutSeconds", "journalDir", "maxOrderPrice"] as const;

/**
 * The stack config of these keys as `get` gives it (namespaced keys, e.g. `tencentcloud-redis:region`); unset and
 * empty values are left out, so the environment applies.
 * @param keys - {@link SETTINGS_KEYS} or {@link CONFIG_KEYS}
 * @param get - reads one namespaced key (the engine's `configure` config, or the program's config)
 */
export function readConfig(keys: readonly string[], get: (key: string) => string | undefined): Record<string, string> {
  const config: Record<string, string> = {};
  for (const k of keys) {
    const key = `${CONFIG_NAMESPACE}:${k}`;
    const v = get(key);
    if (v !== undefined && v !== "") config[key] = v;
  }
  return config;
}

/** Real endpoints. */
export const DEFAULT_ENDPOINTS: Readonly<Endpoints> = Object.freeze({
  crs2017: "https://redis.api.qcloud.com/v2/index.php",
  redis3: "https://redis.tencentcloudapi.com/",
  sqlserver3: "https://sqlserver.tencentcloudapi.com/",
});

function pick(
  config: Record<string, string>,
  key: string,
  env: NodeJS.ProcessEnv,
  envName: string,
): string | undefined {
  const fromConfig = config[`${CONFIG_NAMESPACE}:${key}`];
  if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
  const fromEnv = env[envName];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : undefined;
}

function require_(config: Record<string, string>, key: string, env: NodeJS.ProcessEnv, envName: string): string {
  const v = pick(config, key, env, envName);
  if (v === undefined) {
    throw new ConfigError(`missing ${key}: set stack config ${CONFIG_NAMESPACE}:${key} or environment ${envName}`);
  }
  return v;
}

/**
 * Endpoints for a base URL such as `http://127.0.0.1:8866` (the emulator): 2017 API at `<base>/v2/index.php`,
 * API 3.0 (Redis and SQL Server) at `<base>/`.
 * @param base - scheme, host and optional port
 */
export function endpointsFromBase(base: string): Endpoints {
  let url: URL;
  try {
    url = new URL(base);
  } catch (cause) {
    throw new ConfigError("endpoint is not a valid URL", cause);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError("endpoint must be http(s)");
  const root = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  return { crs2017: `${root}/v2/index.php`, redis3: `${root}/`, sqlserver3: `${root}/` };
}

/**
 * Resolves credentials, region and endpoints. Stack config (`tencentcloud-redis:secretId|secretKey|region|endpoint`)
 * wins over the environment (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_REGION`,
 * `TENCENTCLOUD_SESSION_TOKEN`, `TENCENTCLOUD_REDIS_ENDPOINT`). Call it per operation: nothing is cached, so no
 * credential ends up captured in a serialized dynamic provider.
 * @param config - stack config as received by `configure` (namespaced keys)
 * @param env - environment, `process.env` by default
 * @throws ConfigError naming the missing setting (never a value)
 */
export function resolveSettings(config: Record<string, string> = {}, env: NodeJS.ProcessEnv = process.env): Settings {
  const secretId = require_(config, "secretId", env, "TENCENTCLOUD_SECRET_ID");
  const secretKey = require_(config, "secretKey", env, "TENCENTCLOUD_SECRET_KEY");
  const region = require_(config, "region", env, "TENCENTCLOUD_REGION");
  const token = pick(config, "token", env, "TENCENTCLOUD_SESSION_TOKEN");
  const endpoint = pick(config, "endpoint", env, "TENCENTCLOUD_REDIS_ENDPOINT");
  return {
    credentials: token === undefined ? { secretId, secretKey } : { secretId, secretKey, token },
    region,
    endpoints: endpoint === undefined ? { ...DEFAULT_ENDPOINTS } : endpointsFromBase(endpoint),
  };
}
