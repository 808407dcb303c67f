import type * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, CONFIG_NAMESPACE } from "../config";
import { processScoped } from "../processState";

/**
 * The stack config the engine hands to `configure` (decrypted), as process state (see processState): never in a
 * module scope a dynamic provider could serialize into the state.
 */
const slot = (): { current: Record<string, string> } => processScoped("runtime.stackConfig", () => ({ current: {} }));

/** @internal */
export function setStackConfig(config: pulumi.dynamic.Config): void {
  const next: Record<string, string> = {};
  for (const k of CONFIG_KEYS) {
    const key = `${CONFIG_NAMESPACE}:${k}`;
    const v = config.get(key);
    if (v !== undefined && v !== "") next[key] = v;
  }
  slot().current = next;
}

/** @internal */
export function stackConfig(): Record<string, string> {
  return slot().current;
}
