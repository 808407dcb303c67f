import Module from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ProviderKind, providerStub, type RuntimeModule } from "../../../provider/hosts/dynamic/stub";

const MARKER = "SECRET-MARKER-7f3a9c1e2b";
let saved: string | undefined;

beforeEach(() => {
  saved = process.env.TENCENTCLOUD_SECRET_KEY;
  process.env.TENCENTCLOUD_SECRET_KEY = MARKER;
});
afterEach(() => {
  if (saved === undefined) delete process.env.TENCENTCLOUD_SECRET_KEY;
  else process.env.TENCENTCLOUD_SECRET_KEY = saved;
});

describe("providerStub", () => {
  it("serializes to a loader of the package runtime that carries no secret", async () => {
    const serialized = await pulumi.runtime.serializeFunction(() => providerStub("instance"), {
      isFactoryFunction: true,
    });
    expect(serialized.text).toContain('require("pulumi-tencentcloud-redis/runtime")');
    expect(serialized.text).toContain('"instance"');
    expect(serialized.text).not.toContain(MARKER);
  });

  it("would show the marker if a closure captured it (the check above can fail)", async () => {
    const leaked = process.env.TENCENTCLOUD_SECRET_KEY;
    const serialized = await pulumi.runtime.serializeFunction(() => () => leaked, { isFactoryFunction: true });
    expect(serialized.text).toContain(MARKER);
  });

  it("returns one object per kind (the SDK's serialization cache is keyed by identity)", () => {
    expect(providerStub("instance")).toBe(providerStub("instance"));
    expect(providerStub("backup")).toBe(providerStub("backup"));
    expect(providerStub("instance")).not.toBe(providerStub("backup"));
    expect(providerStub("backup")).not.toBe(providerStub("sqlserverBackup"));
  });
});

/**
 * The stub loads `pulumi-tencentcloud-redis/runtime` with `require` at call time; here that request is answered by a
 * fake runtime module whose providers record their calls, so what the stub forwards (and to whom) is observable.
 */
describe("providerStub forwards to the runtime provider of its kind", () => {
  const RUNTIME = "pulumi-tencentcloud-redis/runtime";
  type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
  const mod = Module as unknown as { _load: Load };
  let originalLoad: Load;
  let fake: RuntimeModule;
  let calls: { kind: ProviderKind; method: string; args: unknown[] }[];
  let loads: number;

  /** A provider that records each call and answers with a value naming its kind and method. */
  const recorder = (kind: ProviderKind): pulumi.dynamic.ResourceProvider => {
    const rec =
      (method: string) =>
      async (...args: unknown[]) => {
        calls.push({ kind, method, args });
        return { from: `${kind}.${method}` } as never;
      };
    return {
      configure: rec("configure"),
      check: rec("check"),
      diff: rec("diff"),
      create: rec("create"),
      read: rec("read"),
      update: rec("update"),
      delete: rec("delete"),
    };
  };

  beforeEach(() => {
    calls = [];
    loads = 0;
    fake = {
      providers: {
        instance: recorder("instance"),
        backup: recorder("backup"),
        sqlserverBackup: recorder("sqlserverBackup"),
      },
    };
    originalLoad = mod._load;
    mod._load = function (this: unknown, request, parent, isMain) {
      if (request === RUNTIME) {
        loads++;
        return fake;
      }
      return originalLoad.call(this, request, parent, isMain);
    };
  });
  afterEach(() => {
    mod._load = originalLoad;
  });

  const req = { config: { get: () => undefined } } as unknown as pulumi.dynamic.ConfigureRequest;
  const olds = { a: 1 };
  const news = { a: 2 };
  const cases: [string, (s: pulumi.dynamic.ResourceProvider) => Promise<unknown>, unknown[], boolean][] = [
    ["configure", (s) => s.configure!(req), [req], false],
    ["check", (s) => s.check!(olds, news), [olds, news], true],
    ["diff", (s) => s.diff!("crs-1", olds, news), ["crs-1", olds, news], true],
    ["create", (s) => s.create(news), [news], true],
    ["read", (s) => s.read!("crs-1", olds), ["crs-1", olds], true],
    ["update", (s) => s.update!("crs-1", olds, news), ["crs-1", olds, news], true],
    ["delete", (s) => s.delete!("crs-1", olds), ["crs-1", olds], false],
  ];

  for (const kind of ["instance", "backup", "sqlserverBackup"] as const) {
    it.each(cases)(
      `${kind}: %s reaches providers.${kind} with the same arguments`,
      async (method, call, args, returns) => {
        const result = await call(providerStub(kind));
        expect(calls).toHaveLength(1);
        expect(calls[0]?.kind).toBe(kind);
        expect(calls[0]?.method).toBe(method);
        expect(calls[0]?.args).toHaveLength(args.length);
        // The same objects, not copies.
        for (const [i, a] of args.entries()) expect(calls[0]?.args[i]).toBe(a);
        if (returns) expect(result).toEqual({ from: `${kind}.${method}` });
        else expect(result).toBeUndefined();
        expect(loads).toBe(1);
      },
    );
  }

  it("loads the runtime at each call, so a newer runtime reaches a stub made before it", async () => {
    const stub = providerStub("instance");
    await stub.create({});
    fake = { providers: { ...fake.providers, instance: { create: async () => ({ id: "from-new", outs: {} }) } } };
    await expect(stub.create({})).resolves.toEqual({ id: "from-new", outs: {} });
    expect(loads).toBe(2);
  });

  it("stands in for the methods a runtime provider leaves out", async () => {
    fake = { providers: { ...fake.providers, backup: { create: async () => ({ id: "b", outs: {} }) } } };
    const stub = providerStub("backup");
    await expect(stub.check!(olds, news)).resolves.toEqual({ inputs: news });
    await expect(stub.diff!("b", olds, news)).resolves.toEqual({});
    await expect(stub.read!("b", olds)).resolves.toEqual({ id: "b", props: olds });
    await expect(stub.update!("b", olds, news)).resolves.toEqual({});
    await expect(stub.delete!("b", olds)).resolves.toBeUndefined();
    await expect(stub.configure!({} as never)).resolves.toBeUndefined();
    expect(calls).toEqual([]);
  });
});
