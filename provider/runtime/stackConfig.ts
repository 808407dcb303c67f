import type * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, readConfig } from "../config";
import { processScoped } from "../processState";

/**
 * The stack config the engine hands to `configure` (decrypted), as process state (see processState): never in a
 * module scope a dynamic provider could serialize into the state.
 */
const slot = (): { current: Record<string, string> } => processScoped("runtime.stackConfig", () => ({ current: {} }));

/** @internal */
export function setStackConfig(config: pulumi.dynamic.Config): void {
  slot().current = readConfig(CONFIG_KEYS, (key) => config.get(key));
}

/** @internal */
export function stackConfig(): Record<string, string> {
  return slot().current;
}
