import * as pulumi from "@pulumi/pulumi";
import { PENDING_DEAL_PREFIX } from "../../redis/reads/props";

/**
 * Whether an output's value is known. `isKnown` is the promise the SDK itself consults before it runs an `apply`
 * callback; it is not in the typings, so an SDK without it counts as "known" and nothing changes.
 */
function isKnown(o: pulumi.Output<unknown>): Promise<boolean> {
  const k = (o as unknown as { isKnown?: unknown }).isKnown;
  return k instanceof Promise ? (k as Promise<boolean>) : Promise.resolve(true);
}

/**
 * The resource id as an output that stays known in a preview.
 *
 * Why: the nodejs dynamic-provider host does not support provider previews, so while the engine previews an update it
 * takes the new inputs as the outputs, and an output that is not an input (`instanceId`, `backupId`) shows as unknown
 * — dependents would be shown as replaced. The engine does know the resource id then. A `pending-deal-N` id is not an
 * instance id: the provider's own output is used for it.
 * @internal
 */
export function idOutput(id: pulumi.Output<string>, own: pulumi.Output<string>): pulumi.Output<string> {
  return id.apply((v) => (v.startsWith(PENDING_DEAL_PREFIX) ? own : pulumi.output(v)));
}

/**
 * An output that no in-place change moves (an instance's address), kept known in a preview of an update: when the
 * engine leaves it unknown, it is read from the cloud in the program's process (one DescribeRedis listing for all the
 * instances of the preview). Without credentials, or when the read fails, it stays unknown, which is what the engine
 * would show anyway. Outside previews the provider's own output is used as it is.
 * @internal
 */
export function liveInPreview<T>(
  id: pulumi.Output<string>,
  own: pulumi.Output<T>,
  pick: (live: { host: string; port: number }) => T,
): pulumi.Output<T> {
  if (!pulumi.runtime.isDryRun()) return own;
  const choose = async (v: string): Promise<pulumi.Output<T>> => {
    if (v.startsWith(PENDING_DEAL_PREFIX) || (await isKnown(own))) return own;
    // Loaded only here: a preview with nothing to update never loads the API client into the program.
    const { readAddress } = await import("./programReads.js");
    const live = await readAddress(v);
    return live === undefined ? own : (pulumi.output(pick(live) as pulumi.Input<T>) as pulumi.Output<T>);
  };
  // apply flattens the Output the callback resolves to; the typings cannot say so for a promised one.
  return id.apply(choose) as unknown as pulumi.Output<T>;
}
