import type * as pulumi from "@pulumi/pulumi";

/**
 * The stack config the engine hands to `configure` (decrypted). Kept in this runtime module, which is loaded in the
 * dynamic-provider process and never serialized into state.
 * @internal
 */
let current: Record<string, string> = {};

const KEYS = [
  "secretId",
  "secretKey",
  "region",
  "endpoint",
  "waitTimeoutSeconds",
  "journalDir",
  "maxOrderPrice",
] as const;

/** @internal */
export function setStackConfig(config: pulumi.dynamic.Config): void {
  const next: Record<string, string> = {};
  for (const k of KEYS) {
    const v = config.get(`tencentcloud-redis:${k}`);
    if (v !== undefined && v !== "") next[`tencentcloud-redis:${k}`] = v;
  }
  current = next;
}

/** @internal */
export function stackConfig(): Record<string, string> {
  return current;
}
