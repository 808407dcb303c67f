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
  if (key !== undefined) return key.split("/").slice(2).join("/") || undefined;
  return str(props.__logName);
}

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
