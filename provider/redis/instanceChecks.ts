import type * as pulumi from "@pulumi/pulumi";
import { checkInstanceInputs } from "./instanceInputs";
import { settlePurchase } from "./journal";
import { diffInstance } from "./plan";

/*
 * The Instance's check and diff: what a preview runs. Kept apart from the provider's operations so that a preview
 * loads neither the API client nor its schemas (see runtime/lazyProvider.ts).
 */

/** @internal */
export const instanceChecks = {
  /** The inputs' rules; a new instance (no old inputs) is also priced and held to maxOrderPrice (planPrices.ts). */
  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const result = checkInstanceInputs(olds, news);
    const isNew = Object.keys(olds).length === 0;
    if (isNew && (result.failures ?? []).length === 0) {
      // Loaded only for a purchase: pricing needs the API client, which an unchanged stack's preview never loads.
      await (await import("./planPrices.js")).priceNew(result.inputs ?? news);
    }
    return result;
  },
  diff(olds: Record<string, unknown>, news: Record<string, unknown>) {
    // The state shows the instance: a journal record of its purchase has done its job.
    settlePurchase(olds, typeof olds.instanceId === "string" ? olds.instanceId : undefined);
    return diffInstance(olds, news);
  },
};
