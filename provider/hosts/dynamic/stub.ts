import type * as pulumi from "@pulumi/pulumi";
import { processScoped } from "../../processState";
import type { ProviderKind, RuntimeModule } from "../../runtime/kinds";

export type { ProviderKind, RuntimeModule };

/**
 * The object Pulumi serializes into every resource's state as `__provider`.
 *
 * Why a stub: the engine stores the provider's closure in the state and runs that copy for `refresh` and `delete`.
 * Capturing the implementation by value would freeze old code (and anything it touched at module scope) into every
 * stack. The stub captures only `kind` and loads the implementation by package name at call time, from the program's
 * own node_modules, so credentials are read then and never serialized, and fixes reach existing resources.
 * @internal
 */
export function providerStub(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  // One object per kind: the SDK serializes a provider once per object (its closure cache is keyed by identity), so a
  // new object per resource cost a serialization per resource and made previews of large stacks slow.
  return processScoped(`runtime.stub.${kind}`, () => makeStub(kind));
}

function makeStub(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  // Each method re-resolves the module: `require` caches it, and the stub must not hold a live reference.
  const load = (): pulumi.dynamic.ResourceProvider => {
    const runtime = require("pulumi-tencentcloud-redis/runtime") as RuntimeModule;
    return runtime.providers[kind];
  };
  return {
    async configure(req) {
      const p = load();
      if (p.configure) await p.configure(req);
    },
    async check(olds, news) {
      const p = load();
      return p.check ? p.check(olds, news) : { inputs: news };
    },
    async diff(id, olds, news) {
      const p = load();
      return p.diff ? p.diff(id, olds, news) : {};
    },
    async create(inputs) {
      return load().create(inputs);
    },
    async read(id, props) {
      const p = load();
      return p.read ? p.read(id, props) : { id, props };
    },
    async update(id, olds, news) {
      const p = load();
      return p.update ? p.update(id, olds, news) : {};
    },
    async delete(id, props) {
      const p = load();
      if (p.delete) await p.delete(id, props);
    },
  };
}
