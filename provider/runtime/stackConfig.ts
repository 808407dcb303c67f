import type * as pulumi from "@pulumi/pulumi";
import { processScoped } from "../processState";

/**
 * The stack config the engine hands to `configure` (decrypted), as process state (see processState): never in a
 * module scope a dynamic provider could serialize into the state.
 */
const slot = (): { current: Record<string, string> } => processScoped("runtime.stackConfig", () => ({ current: {} }));

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
  slot().current = next;
}

/** @internal */
export function stackConfig(): Record<string, string> {
  return slot().current;
}
