import { checkInstanceInputs } from "./instanceInputs";
import { settlePurchase } from "./journal";
import { diffInstance } from "./plan";

/*
 * The Instance's check and diff: what a preview runs. Kept apart from the provider's operations so that a preview
 * loads neither the API client nor its schemas (see runtime/lazyProvider.ts).
 */

/** @internal */
export const instanceChecks = {
  check: checkInstanceInputs,
  diff(olds: Record<string, unknown>, news: Record<string, unknown>) {
    // The state shows the instance: a journal record of its purchase has done its job.
    settlePurchase(olds, typeof olds.instanceId === "string" ? olds.instanceId : undefined);
    return diffInstance(olds, news);
  },
};
