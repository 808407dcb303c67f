/**
 * The functions as invokes: the same code the program-side `getX` functions run, with the provider's configuration as
 * their credentials (runtime/programContext.ts lets a provider's configuration win over the program's).
 * @packageDocumentation
 */

import { ProviderError } from "../../errors";
import * as functions from "../../functions";
import { FUNCTION_NAMES, type FunctionName, functionToken } from "./registry";
import type { Props } from "./wire";

type Run = (args: Props) => Promise<unknown>;

// Each function takes its Args object (zero-argument ones ignore it): the invoke's arguments as the program gave them.
const RUNS: Record<FunctionName, Run> = {
  getZones: () => functions.getZones(),
  getProducts: (a) => functions.getProducts(a as functions.GetProductsArgs),
  getPrice: (a) => functions.getPrice(a as unknown as functions.GetPriceArgs),
  getInstances: (a) => functions.getInstances(a as functions.GetInstancesArgs),
  getInstanceBackups: (a) => functions.getInstanceBackups(a as unknown as functions.GetInstanceBackupsArgs),
  getTasks: (a) => functions.getTasks(a as functions.GetTasksArgs),
};

const BY_TOKEN = new Map<string, Run>(FUNCTION_NAMES.map((n) => [functionToken(n), RUNS[n]]));

/** Runs the function of `token` with `args`. @internal */
export async function invoke(token: string, args: Props): Promise<Props> {
  const run = BY_TOKEN.get(token);
  if (!run) throw new ProviderError(`tencentcloud-redis has no function ${token}`);
  return (await run(args)) as Props;
}
