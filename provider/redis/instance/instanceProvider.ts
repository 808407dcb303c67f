import { defineProvider } from "../../runtime/defineProvider";
import { priceChange } from "../orders/planPrices";
import type { InstanceProps, InstanceState } from "../rules/instanceModel";
import { instanceChecks } from "./instanceChecks";
import { create } from "./instanceCreate";
import { remove } from "./instanceDelete";
import { read } from "./instanceRead";
import { update } from "./instanceUpdate";
import { verifyRestoreSource } from "./restoreSource";

/**
 * The Instance provider as the dynamic-provider host calls it: the checks (instanceChecks.ts) and one file per
 * operation (instanceCreate, instanceRead, instanceUpdate, instanceDelete).
 * @internal
 */
export const instanceProvider = defineProvider<InstanceProps, InstanceState>({
  ...instanceChecks,
  create,
  read,
  update,
  delete: remove,
  verifyChange: async (id, olds, news) => {
    await verifyRestoreSource(id, olds, news);
    await priceChange(olds, news);
  },
});
