/**
 * The provider's own configuration: stack config `tencentcloud-redis:*` for the default provider, or the inputs of an
 * explicit `pulumi:providers:tencentcloud-redis` resource. Checked at preview like a resource's inputs, kept as the
 * process's stack config (the one the dynamic host's `configure` fills), read at call time with the TENCENTCLOUD_*
 * environment as the fallback.
 * @packageDocumentation
 */

import { CONFIG_KEYS, CONFIG_NAMESPACE, endpointsFromBase } from "../../config";
import { setStackConfig } from "../../runtime/stackConfig";
import { isUnknown } from "../../runtime/unknown";
import type { Props } from "./wire";

/** Config keys stored as secrets whether or not the stack marked them so (the provider's inputs are in the state). */
export const SECRET_CONFIG: ReadonlySet<string> = new Set(["secretKey", "token"]);

/** One failure of the provider's configuration, with the documented rule. @internal */
export interface ConfigFailure {
  property: string;
  reason: string;
}

/** The rules of the provider's configuration (the ones config.ts and budget.ts apply at call time). @internal */
export function checkConfig(news: Props): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  const known = (k: string) => news[k] !== undefined && news[k] !== "" && !isUnknown(news[k]);
  const positive = (k: string, rule: string, ok: (n: number) => boolean) => {
    if (known(k) && !ok(Number(news[k]))) failures.push({ property: k, reason: `${k} ${rule} (got ${news[k]})` });
  };
  positive("waitTimeoutSeconds", "must be a number of seconds above 0", (n) => Number.isFinite(n) && n > 0);
  positive(
    "maxOrderPrice",
    "must be an amount in yuan, 0 or more, e.g. 100 or 99.50",
    (n) => Number.isFinite(n) && n >= 0,
  );
  if (known("endpoint")) {
    try {
      endpointsFromBase(String(news.endpoint));
    } catch (err) {
      failures.push({ property: "endpoint", reason: `endpoint ${(err as Error).message}, e.g. http://127.0.0.1:8866` });
    }
  }
  return failures;
}

/** Whether two configurations differ in a key the provider reads. @internal */
export function configChanged(olds: Props, news: Props): string[] {
  return CONFIG_KEYS.filter((k) => String(olds[k] ?? "") !== String(news[k] ?? ""));
}

/** Keeps the configuration as the process's stack config (namespaced keys, string values). @internal */
export function configure(args: Props): void {
  const get = (key: string): string | undefined => {
    const v = args[key.slice(CONFIG_NAMESPACE.length + 1)];
    return v === undefined || v === null || isUnknown(v) ? undefined : String(v);
  };
  setStackConfig({
    get,
    require: (key: string) => {
      const v = get(key);
      if (v === undefined) throw new TypeError(`missing ${key}`);
      return v;
    },
  });
}
