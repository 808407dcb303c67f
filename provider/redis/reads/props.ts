/** Property bags as the dynamic-provider host hands them over, and the readers the providers share. */
export type Props = Record<string, unknown>;

/**
 * The resource id of an Instance whose create stopped before its deal was delivered: `pending-deal-<deal>` (a
 * refresh or the next update resolves it to the instance id).
 * @internal
 */
export const PENDING_DEAL_PREFIX = "pending-deal-";

/** A non-empty string, else undefined. @internal */
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * The Pulumi resource name a state belongs to, for the user's lines: the Instance's purchase key ends with it
 * (`project/stack/name`), the backups carry it as `__logName` (`__name` is taken by the SDK's Resource).
 * @internal
 */
export function resourceName(props: Props): string | undefined {
  const key = str(props.__purchaseKey);
  if (key !== undefined) return purchaseKeyName(key);
  return str(props.__logName);
}

/**
 * The purchase key of an Instance: `<project>/<stack>/<resource name>`, the same on both hosts (the dynamic classes
 * build it in the program, the plugin from the URN), so the journal of one resource is the same whichever serves it.
 * @internal
 */
export const purchaseKey = (project: string, stack: string, name: string): string => `${project}/${stack}/${name}`;

/** The resource name a purchase key ends with (a name may itself hold `/`). @internal */
export const purchaseKeyName = (key: string): string | undefined => key.split("/").slice(2).join("/") || undefined;

/** The ids of a list input (`ignoreInstanceIds`), as strings; none when absent. @internal */
export const idList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** A number, else undefined. @internal */
export const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/**
 * A copy without these keys and without undefined values: the engine's serializer refuses undefined, so keys are
 * dropped, not unset.
 * @internal
 */
export function without(props: Props, ...keys: string[]): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) if (!keys.includes(k) && v !== undefined) out[k] = v;
  return out;
}
