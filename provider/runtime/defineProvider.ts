import type * as pulumi from "@pulumi/pulumi";
import { setStackConfig } from "./stackConfig";

type Props = Record<string, unknown>;

/** What `read` returns for a resource the cloud no longer has: the engine drops it from the state. @internal */
export type Gone = { id: ""; props: Record<string, never> };

/**
 * The parts of a provider that differ between resources; `configure` is shared. Typed like Pulumi's
 * `ResourceProvider<Inputs, Outputs>`: `I` is what `check` lets through (the model's inputs and the provider's own
 * `__` keys), `O` what the state holds. `check` and `diff` see the program's raw values, so they stay untyped.
 * @internal
 */
export interface ProviderParts<I extends Props = Props, O extends Props = Props> {
  /** May read the cloud (the catalogue of what is on sale): it runs during preview, so it must only read. */
  check(olds: Props, news: Props): pulumi.dynamic.CheckResult | Promise<pulumi.dynamic.CheckResult>;
  diff(olds: Props, news: Props): pulumi.dynamic.DiffResult;
  create(inputs: I): Promise<pulumi.dynamic.CreateResult<O>>;
  read(id: string, props: O): Promise<pulumi.dynamic.ReadResult<O> | Gone>;
  update(id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>>;
  delete(id: string, props: O): Promise<void>;
  /**
   * Optional checks of a planned change that need the cloud (e.g. "is this backup one of this instance's?"). Runs
   * in `diff`, so `pulumi preview` reports the problem before anything is changed; it must only read.
   */
  verifyChange?(id: string, olds: O, news: I): Promise<void>;
}

/**
 * Builds a provider as the dynamic-provider host calls it. The parts are typed; the object the host sees is not, on
 * purpose: the host hands over deserialized values from the program and the state, and `check` is what types them.
 * `configure` keeps the stack config (for credentials read at call time); `check` and `diff` run during preview;
 * `diff` calls the cloud only through `verifyChange`, to read.
 * @internal
 */
export function defineProvider<I extends Props = Props, O extends Props = Props>(
  parts: ProviderParts<I, O>,
): pulumi.dynamic.ResourceProvider {
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
    // The host hands over what `check` let through (create/update) and what the state holds (read/update/delete).
    create: (inputs: I) => parts.create(inputs),
    // The engine always passes the state to read; the SDK's type says it may not.
    read: (id: string, props?: O) => parts.read(id, props ?? ({} as O)),
    update: (id: string, olds: O, news: I) => parts.update(id, olds, news),
    delete: (id: string, props: O) => parts.delete(id, props),
  };
}
