import type * as pulumi from "@pulumi/pulumi";
import { defineProvider, type ProviderParts } from "./defineProvider";

/** What a preview of an unchanged resource runs: no cloud call, no API client. @internal */
export type Checks = Pick<ProviderParts, "check" | "diff">;

/**
 * A provider whose operations are loaded on first use. Why: the dynamic-provider host loads the runtime entry for the
 * first check of a preview, and the engine waits for each check and diff in turn; with only the checks loaded, a
 * preview of an unchanged stack never loads the API client, its schemas or undici. A resource that changes is diffed
 * again by the full provider, which may verify the change against the cloud (its `verifyChange`).
 * @param checks - the resource's check and diff (light modules only)
 * @param full - the full provider (`defineProvider`), imported when an operation first needs it
 * @internal
 */
export function lazyProvider(
  checks: Checks,
  full: () => Promise<pulumi.dynamic.ResourceProvider>,
): pulumi.dynamic.ResourceProvider {
  return defineProvider({
    ...checks,
    create: async (inputs) => (await full()).create(inputs),
    read: async (id, props) => {
      const p = await full();
      return p.read ? p.read(id, props) : { id, props };
    },
    update: async (id, olds, news) => {
      const p = await full();
      return p.update ? p.update(id, olds, news) : {};
    },
    delete: async (id, props) => {
      const p = await full();
      if (p.delete) await p.delete(id, props);
    },
    // Only for a change: the full provider's diff runs its own verifyChange (e.g. the restore source, the prices).
    verifyChange: async (id, olds, news) => {
      const p = await full();
      if (p.diff) await p.diff(id, olds, news);
    },
  });
}
