import * as pulumi from "@pulumi/pulumi";
import type { CrsClient } from "../api/client";
import { readConfig, resolveSettings, SETTINGS_KEYS, type Settings } from "../config";
import { stackConfig } from "./stackConfig";

/**
 * A client for one function call in the user's program process: credentials, region and endpoint from the stack
 * config (`tencentcloud-redis:*`) and the environment (`TENCENTCLOUD_*`), read now, as the providers read them.
 * @internal
 */
export async function functionClient(): Promise<CrsClient> {
  const settings = functionSettings();
  // Loaded at the first call: a program that calls no function does not load the API client when it starts.
  const { CrsClient: Client } = await import("../api/client.js");
  return new Client({ settings });
}

/**
 * Credentials, region and endpoints in the user's program process, as the providers resolve them.
 * @throws ConfigError naming what is missing
 * @internal
 */
export function functionSettings(): Settings {
  // runtime.getConfig reads the program's config (secrets decrypted) without the warning Config.get gives on a secret.
  // In a provider's process (a plugin serving the function as an invoke) the provider's configuration wins: an
  // explicit provider's credentials are not the stack's. A program's process has none, so nothing changes there.
  return resolveSettings({ ...readConfig(SETTINGS_KEYS, (key) => pulumi.runtime.getConfig(key)), ...stackConfig() });
}

/** The API's action functions, loaded at the first call (see functionClient). @internal */
export function apiCalls(): Promise<typeof import("../api")> {
  return import("../api/index.js");
}

/** The arguments of a function with every field a Pulumi Input, for its `...Output` form. */
export type InputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * The `...Output` form of a function: waits for the arguments' values, then calls it.
 * @internal
 */
export function outputOf<A extends object, R>(fn: (args: A) => Promise<R>, args: InputArgs<A>): pulumi.Output<R> {
  return pulumi.output(args).apply((a) => fn(a as A)) as pulumi.Output<R>;
}
