import type * as pulumi from "@pulumi/pulumi";
import { setStackConfig } from "./stackConfig";

type Props = Record<string, unknown>;

/** The parts of a provider that differ between resources; `configure` is shared. @internal */
export interface ProviderParts {
  check(olds: Props, news: Props): pulumi.dynamic.CheckResult;
  diff(olds: Props, news: Props): pulumi.dynamic.DiffResult;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * Builds a provider as the dynamic-provider host calls it: `configure` keeps the stack config (for credentials read at
 * call time), `check` and `diff` are pure and run during preview.
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
    async diff(_id, olds, news) {
      return parts.diff(olds, news);
    },
    create: parts.create,
    read: parts.read,
    update: parts.update,
    delete: parts.delete,
  };
}
