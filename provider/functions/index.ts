/**
 * Functions for programs (Terraform's data sources): each `getX()` returns a Promise, `getXOutput()` an Output.
 * They run in the program's process and read credentials, region and endpoint as the resources do.
 * @packageDocumentation
 */

export type { InputArgs } from "../runtime/programContext";
export {
  type GetInstanceBackupsArgs,
  type GetInstanceBackupsResult,
  getInstanceBackups,
  getInstanceBackupsOutput,
} from "./backups";
export { type GetInstancesArgs, type GetInstancesResult, getInstances, getInstancesOutput } from "./instances";
export {
  type GetPriceArgs,
  type GetPriceResult,
  type GetPurchasePriceArgs,
  type GetUpgradePriceArgs,
  getPrice,
  getPriceOutput,
} from "./price";
export { type GetTasksArgs, type GetTasksResult, getTasks, getTasksOutput } from "./tasks";
export {
  type GetProductsArgs,
  type GetProductsResult,
  type GetZonesResult,
  getProducts,
  getProductsOutput,
  getZones,
  getZonesOutput,
} from "./zones";
