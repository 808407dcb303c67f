import type * as pulumi from "@pulumi/pulumi";
import { settlePurchase } from "../orders/journal";
import { idList, str } from "../reads/props";
import { checkInstanceInputs, SALE_KEYS, saleChanged } from "../rules/instanceInputs";
import { diffInstance } from "../rules/plan";
import { confirmHolder, describeHolder, heldForSameName } from "./instanceHolder";

/**
 * A new resource whose name in this stack already holds an instance under another resource (a class changed without
 * the `import` option): buying would buy a second one, so the preview already refuses, naming the ways on.
 */
function sameNameHeld(news: Record<string, unknown>): pulumi.dynamic.CheckFailure | undefined {
  const adopting = str(news.adoptInstanceId);
  const exempt = new Set([...idList(news.ignoreInstanceIds), ...(adopting ? [adopting] : [])]);
  const rec = heldForSameName(news.__purchaseKey, exempt);
  if (!rec) return undefined;
  const id = rec.instanceId;
  return {
    property: "adoptInstanceId",
    reason:
      `nothing would be bought: instance ${id} is held by ${describeHolder(rec)}, a resource of the same name in ` +
      `this stack. To move it under this resource, give this resource the import option (import: "${id}"; README ` +
      `"Moving a TypeScript stack from the dynamic classes onto the plugin") or set adoptInstanceId: "${id}"; to buy a second instance ` +
      `anyway, set ignoreInstanceIds: ["${id}"].`,
  };
}

/*
 * The Instance's check and diff: what a preview runs. Kept apart from the provider's operations so that a preview
 * loads neither the API client nor its schemas (see runtime/lazyProvider.ts).
 */

/** @internal */
export const instanceChecks = {
  /**
   * The inputs' rules. A new or changed shape (zone, type, size) is judged by the cloud's catalogue when it can be
   * read (catalogue.ts); a new instance (no old inputs) is also priced and held to maxOrderPrice (planPrices.ts).
   */
  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const isNew = Object.keys(olds).length === 0;
    if (isNew) {
      const held = sameNameHeld(news);
      if (held) return { inputs: news, failures: [held] };
    }
    // Both need the API client: an unchanged instance's check (every resource of every preview) loads neither.
    const shapeChanges = SALE_KEYS.some((k) => saleChanged(olds, news, k));
    const result = shapeChanges
      ? await (await import("../rules/catalogue.js")).checkWithCatalogue(olds, news)
      : checkInstanceInputs(olds, news);
    if (isNew && (result.failures ?? []).length === 0) {
      await (await import("../orders/planPrices.js")).priceNew(result.inputs ?? news);
    }
    return result;
  },
  diff(olds: Record<string, unknown>, news: Record<string, unknown>) {
    // The state shows the instance: a journal record of its purchase has done its job, and a record of its import
    // (by this resource, in an earlier run) counts from now on.
    const instanceId = typeof olds.instanceId === "string" ? olds.instanceId : undefined;
    settlePurchase(olds, instanceId);
    confirmHolder(instanceId, olds.__purchaseKey);
    return diffInstance(olds, news);
  },
};
