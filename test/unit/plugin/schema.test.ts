import { describe, expect, it } from "vitest";
import { CONFIG_KEYS, resolveSettings } from "../../../provider/config";
import { FUNCTION_NAMES, functionToken, RESOURCES } from "../../../provider/hosts/plugin/registry";
import { type PackageSpec, type PropertySpec, packageSchema } from "../../../provider/hosts/plugin/schema";
import type { InputField, OutputField, ValueType } from "../../../provider/model/field";
import { journalDir } from "../../../provider/redis/orders/journal";

const schema: PackageSpec = packageSchema("1.2.3");

/** Both directions at once: what the model has and the schema lacks, and what the schema has and the model lacks. */
function difference(model: readonly string[], schemaKeys: readonly string[]) {
  return {
    missingFromSchema: model.filter((k) => !schemaKeys.includes(k)),
    notInModel: schemaKeys.filter((k) => !model.includes(k)),
  };
}
const noDifference = { missingFromSchema: [], notInModel: [] };

// Written out here rather than taken from schema.ts, so a wrong mapping there fails.
const EXPECTED_TYPE: Record<ValueType["kind"], object> = {
  int: { type: "integer" },
  oneOf: { type: "integer" },
  number: { type: "number" },
  text: { type: "string" },
  bool: { type: "boolean" },
  texts: { type: "array", items: { type: "string" } },
};

function typeOf(p: PropertySpec): object {
  if ("$ref" in p) return { $ref: p.$ref };
  if (p.type === "array") return { type: "array", items: p.items };
  if (p.type === "object") return { type: "object", additionalProperties: p.additionalProperties };
  return { type: p.type };
}

/** The property agrees with the model's field on type, secrecy, replacement and allowed values. */
function expectMatches(where: string, p: PropertySpec | undefined, f: InputField | OutputField, replaces: boolean) {
  expect(p, where).toBeDefined();
  if (p === undefined) return;
  expect(typeOf(p), `${where} type`).toEqual(EXPECTED_TYPE[f.type.kind]);
  expect(p.secret === true, `${where} secret`).toBe(f.secret === true);
  expect(p.willReplaceOnChanges === true, `${where} willReplaceOnChanges`).toBe(replaces);
  // The provider's diff decides replacements; the SDK option would be a second decider.
  expect(p, `${where} replaceOnChanges`).not.toHaveProperty("replaceOnChanges");
  expect(p.description.trim(), `${where} description`).not.toBe("");
  if (f.type.kind === "oneOf") for (const v of f.type.values) expect(p.description, where).toContain(String(v));
}

describe("the plugin's package schema: resources", () => {
  it("has exactly the registry's resources, each described", () => {
    expect(Object.keys(schema.resources).sort()).toEqual(Object.keys(RESOURCES).sort());
    for (const [token, r] of Object.entries(schema.resources))
      expect(r.description, token).toBe(RESOURCES[token]?.description);
  });

  for (const [token, { model }] of Object.entries(RESOURCES)) {
    describe(token, () => {
      const r = schema.resources[token];
      if (r === undefined) throw new Error(`no resource ${token} in the schema`);
      const inputs = Object.entries(model.inputs);
      const outputs = Object.entries(model.outputs);

      it("declares every input of the model as an input property, and no other", () => {
        expect(difference(Object.keys(model.inputs), Object.keys(r.inputProperties))).toEqual(noDifference);
      });

      it("declares every output and every input marked output as a state property, and no other", () => {
        const declared = [
          ...inputs.filter(([, f]) => f.output !== undefined).map(([k]) => k),
          ...Object.keys(model.outputs),
        ];
        expect(difference(declared, Object.keys(r.properties ?? {}))).toEqual(noDifference);
      });

      it("gives each input property the model's type, secrecy, replacement, default and a description", () => {
        for (const [k, f] of inputs) {
          const p = r.inputProperties[k];
          expectMatches(`${token} input ${k}`, p, f, f.on === "replace");
          expect(p?.default, `${token} input ${k} default`).toBe(f.default);
        }
      });

      it("gives each state property the model's type, secrecy and a description", () => {
        for (const [k, f] of inputs) {
          if (f.output !== undefined) expectMatches(`${token} property ${k}`, r.properties?.[k], f, f.on === "replace");
        }
        for (const [k, f] of outputs) expectMatches(`${token} property ${k}`, r.properties?.[k], f, false);
      });

      it("requires of the program the required inputs, not the defaulted ones", () => {
        expect(r.requiredInputs ?? []).toEqual(inputs.filter(([, f]) => f.required === true).map(([k]) => k));
        for (const [k, f] of inputs) if (f.default !== undefined) expect(r.requiredInputs ?? []).not.toContain(k);
      });

      it("marks as always in the state the outputs not optional and the inputs marked output: true", () => {
        const always = [
          ...inputs.filter(([, f]) => f.output === true).map(([k]) => k),
          ...outputs.filter(([, f]) => f.optional !== true).map(([k]) => k),
        ];
        expect([...(r.required ?? [])].sort()).toEqual(always.sort());
      });
    });
  }
});

describe("the plugin's package schema: config and provider", () => {
  const variables = schema.config.variables;

  it("has a variable for every config key and no other", () => {
    expect(difference([...CONFIG_KEYS], Object.keys(variables))).toEqual(noDifference);
  });

  it("types and protects the variables as the provider reads them", () => {
    expect(variables.secretKey?.secret).toBe(true);
    expect(variables.token?.secret).toBe(true);
    for (const k of ["secretId", "region", "endpoint", "waitTimeoutSeconds", "journalDir", "maxOrderPrice"]) {
      expect(variables[k]?.secret, k).toBeUndefined();
    }
    for (const k of CONFIG_KEYS) {
      const expected = k === "waitTimeoutSeconds" || k === "maxOrderPrice" ? "number" : "string";
      expect(variables[k] && "type" in variables[k] ? variables[k].type : undefined, k).toBe(expected);
      expect(variables[k]?.description.trim(), k).not.toBe("");
    }
  });

  // The environment names are the ones the provider really reads: each is set here and must come back.
  it("names the environment fallbacks the provider reads", () => {
    const env = (k: string) => variables[k]?.defaultInfo?.environment ?? [];
    expect(Object.fromEntries(CONFIG_KEYS.map((k) => [k, env(k)]))).toEqual({
      secretId: ["TENCENTCLOUD_SECRET_ID"],
      secretKey: ["TENCENTCLOUD_SECRET_KEY"],
      token: ["TENCENTCLOUD_SESSION_TOKEN"],
      region: ["TENCENTCLOUD_REGION"],
      endpoint: ["TENCENTCLOUD_REDIS_ENDPOINT"],
      waitTimeoutSeconds: [],
      journalDir: ["TENCENTCLOUD_REDIS_JOURNAL_DIR"],
      maxOrderPrice: [],
    });
    const one = (k: string, value: string) => ({ [env(k)[0] ?? `no environment for ${k}`]: value });
    const settings = resolveSettings(
      {},
      {
        ...one("secretId", "id-from-env"),
        ...one("secretKey", "key-from-env"),
        ...one("token", "token-from-env"),
        ...one("region", "region-from-env"),
        ...one("endpoint", "http://127.0.0.1:1"),
      },
    );
    expect(settings.credentials).toEqual({
      secretId: "id-from-env",
      secretKey: "key-from-env",
      token: "token-from-env",
    });
    expect(settings.region).toBe("region-from-env");
    expect(settings.endpoints.redis3).toBe("http://127.0.0.1:1/");
    const [journalEnv = ""] = env("journalDir");
    const before = process.env[journalEnv];
    process.env[journalEnv] = "/journal-from-env";
    try {
      expect(journalDir("/")).toBe("/journal-from-env");
    } finally {
      if (before === undefined) delete process.env[journalEnv];
      else process.env[journalEnv] = before;
    }
  });

  it("lets an explicit provider take the same variables, secrets kept, without copying the environment", () => {
    const inputs = schema.provider.inputProperties;
    expect(difference([...CONFIG_KEYS], Object.keys(inputs))).toEqual(noDifference);
    for (const k of CONFIG_KEYS) {
      const { defaultInfo: _env, ...variable } = variables[k] ?? { description: "", type: "string" };
      expect(inputs[k], k).toEqual(variable);
      expect(inputs[k], k).not.toHaveProperty("defaultInfo");
    }
  });
});

describe("the plugin's package schema: functions and types", () => {
  it("has every function of the registry, and no other, each with its outputs", () => {
    const tokens = FUNCTION_NAMES.map(functionToken);
    expect(difference(tokens, Object.keys(schema.functions))).toEqual(noDifference);
    for (const name of FUNCTION_NAMES) {
      const f = schema.functions[functionToken(name)];
      expect(f?.description.trim(), name).not.toBe("");
      expect(Object.keys(f?.outputs.properties ?? {}).length, `${name} outputs`).toBeGreaterThan(0);
      // getZones takes no arguments; every other function has its inputs object.
      if (name === "getZones") expect(f?.inputs, name).toBeUndefined();
      else expect(Object.keys(f?.inputs?.properties ?? {}).length, `${name} inputs`).toBeGreaterThan(0);
    }
  });

  it("lets getPrice take either kind of order: only `order` is required, and each field says which orders use it", () => {
    const inputs = schema.functions[functionToken("getPrice")]?.inputs;
    expect(inputs?.required).toEqual(["order"]);
    for (const [k, p] of Object.entries(inputs?.properties ?? {})) {
      if (k !== "order") expect(p.description, k).toMatch(/Used by order (buy|renew|upgrade)/);
    }
  });

  it("describes every property of every function and type", () => {
    const objects = [
      ...Object.entries(schema.functions).flatMap(([t, f]) => [
        [`${t} inputs`, f.inputs] as const,
        [`${t} outputs`, f.outputs] as const,
      ]),
      ...Object.entries(schema.types).map(([t, o]) => [t, o] as const),
    ];
    for (const [where, o] of objects) {
      for (const [k, p] of Object.entries(o?.properties ?? {}))
        expect(p.description.trim(), `${where}.${k}`).not.toBe("");
      for (const k of o?.required ?? []) expect(o?.properties, `${where} requires ${k}`).toHaveProperty(k);
    }
    for (const [t, o] of Object.entries(schema.types)) expect(o.description?.trim(), t).toBeTruthy();
  });

  it("resolves every $ref to a type of the schema, and every type is used", () => {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (typeof v === "object" && v !== null) {
        for (const [k, x] of Object.entries(v)) {
          if (k === "$ref" && typeof x === "string") refs.push(x);
          else walk(x);
        }
      }
    };
    walk(schema);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\/types\//);
      expect(Object.keys(schema.types), ref).toContain(ref.replace(/^#\/types\//, ""));
    }
    expect(Object.keys(schema.types).filter((t) => !refs.includes(`#/types/${t}`))).toEqual([]);
  });
});

describe("the plugin's package schema: the package", () => {
  it("names the package, its version and licence, and what SDK generation needs", () => {
    expect(schema.name).toBe("tencentcloud-redis");
    expect(schema.version).toBe("1.2.3");
    expect(schema.license).toBe("Apache-2.0");
    expect(schema).not.toHaveProperty("repository");
    expect(schema.language.go.importBasePath).toMatch(/\/tencentcloudredis$/);
    // The TypeScript SDK is this npm package's `plugin` entry: code that `pulumi import` prints imports it from there.
    expect(schema.language.nodejs.packageName).toBe("pulumi-tencentcloud-redis/plugin");
    expect(schema.language.python.packageName).toBe("pulumi_tencentcloud_redis");
  });

  it("uses tokens the schema format accepts", () => {
    // The patterns of pkg/codegen/schema/pulumi.json (token; functionToken also allows hyphens in the name).
    const token = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/]*$/;
    const functionTokenPattern = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/-]*$/;
    for (const t of [...Object.keys(schema.resources), ...Object.keys(schema.types)]) expect(t).toMatch(token);
    for (const t of Object.keys(schema.functions)) expect(t).toMatch(functionTokenPattern);
  });

  it("is plain JSON (what GetSchema sends)", () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
