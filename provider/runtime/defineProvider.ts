import type * as pulumi from "@pulumi/pulumi";
import { setStackConfig } from "./stackConfig";

type Props = Record<string, unknown>;

/** The parts of a provider that differ between resources; `configure` is shared. @internal */
export interface ProviderParts {
  /** May read the cloud (the catalogue of what is on sale): it runs during preview, so it must only read. */
  check(olds: Props, news: Props): pulumi.dynamic.CheckResult | Promise<pulumi.dynamic.CheckResult>;
  diff(olds: Props, news: Props): pulumi.dynamic.DiffResult;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
  /**
   * Optional checks of a planned change that need the cloud (e.g. "is this backup one of this instance's?"). Runs
   * in `diff`, so `pulumi preview` reports the problem before anything is changed; it must only read.
   */
  verifyChange?(id: string, olds: Props, news: Props): Promise<void>;
}

/**
 * Builds a provider as the dynamic-provider host calls it: `configure` keeps the stack config (for credentials read at
 * call time), `check` and `diff` run during preview; `diff` calls the cloud only through `verifyChange`, to read.
 * @internal
 */
export function defineProvider(parts: ProviderParts): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      setStackConfig(req.config);
    },
    async check(olds, news) {
      return parts.check(olds, news);
    },
    async diff(id, olds, news) {
      const result = parts.diff(olds, news);
      if (result.changes && parts.verifyChange) await parts.verifyChange(id, olds, news);
      return result;
    },
    create: parts.create,
    read: parts.read,
    update: parts.update,
    delete: parts.delete,
  };
}
