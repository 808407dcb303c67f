/**
 * The plugin's Pulumi package schema (what `GetSchema` answers and SDKs are generated from), derived from what is
 * declared elsewhere: the resources from their models (model/field.ts) and registry.ts, the config from CONFIG_KEYS,
 * the functions from functionSchemas.ts. Nothing about a field is written here.
 * @packageDocumentation
 */

import { CONFIG_KEYS } from "../../config";
import type { InputField, Model, OutputField, ValueType } from "../../model/field";
import { functionSchemas } from "./functionSchemas";
import { PACKAGE, RESOURCES } from "./registry";

// The parts of the schema format (pkg/codegen/schema/pulumi.json) this package uses.

/** A primitive type of the schema. @internal */
export type PrimitiveType = "string" | "integer" | "number" | "boolean";

/** A reference to a type: a primitive, a list, a map, or a named type (`#/types/<token>`). @internal */
export type TypeSpec =
  | { type: PrimitiveType }
  | { type: "array"; items: TypeSpec }
  | { type: "object"; additionalProperties: TypeSpec }
  | { $ref: string };

/** A property of a resource, object or config. @internal */
export type PropertySpec = TypeSpec & {
  description: string;
  secret?: true;
  /** Documentation only: the provider's diff asks for the replacement (`replaceOnChanges` would add an SDK option). */
  willReplaceOnChanges?: true;
  default?: number;
  defaultInfo?: { environment: string[] };
};

/** An object type: a function's inputs or outputs, or a named type. @internal */
export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** A resource, or the provider itself. @internal */
export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
  properties?: Record<string, PropertySpec>;
  required?: string[];
}

/** A function (an invoke). @internal */
export interface FunctionSpec {
  description: string;
  inputs?: ObjectTypeSpec;
  outputs: ObjectTypeSpec;
}

/** The package schema. @internal */
export interface PackageSpec {
  name: string;
  displayName: string;
  description: string;
  version: string;
  license: string;
  keywords: string[];
  config: { variables: Record<string, PropertySpec> };
  provider: ResourceSpec;
  resources: Record<string, ResourceSpec>;
  functions: Record<string, FunctionSpec>;
  types: Record<string, ObjectTypeSpec>;
  language: {
    go: { importBasePath: string; respectSchemaVersion: boolean };
    nodejs: { packageName: string; respectSchemaVersion: boolean };
    python: { packageName: string; respectSchemaVersion: boolean };
  };
}

type ConfigKey = (typeof CONFIG_KEYS)[number];

interface ConfigVariable {
  type: "string" | "number";
  doc: string;
  secret?: true;
  /** The environment variable the provider reads when the key is not set. */
  env?: string;
}

/**
 * Every key of CONFIG_KEYS, with what the provider does with it (config.ts, runtime/context.ts, redis/journal.ts,
 * redis/budget.ts); the compiler holds this table to the same keys.
 */
const CONFIG: { readonly [K in ConfigKey]: ConfigVariable } = {
  secretId: { type: "string", doc: "The API SecretId.", env: "TENCENTCLOUD_SECRET_ID" },
  secretKey: { type: "string", secret: true, doc: "The API SecretKey.", env: "TENCENTCLOUD_SECRET_KEY" },
  token: {
    type: "string",
    secret: true,
    doc: "The session token of temporary keys (only with them).",
    env: "TENCENTCLOUD_SESSION_TOKEN",
  },
  region: { type: "string", doc: "The region of the instances, e.g. `ap-guangzhou`.", env: "TENCENTCLOUD_REGION" },
  endpoint: {
    type: "string",
    doc:
      "A base URL that replaces the real endpoints, e.g. `http://127.0.0.1:8866` (the emulator): the 2017 API at " +
      "`<base>/v2/index.php`, API 3.0 at `<base>/`. Default: the real endpoints.",
    env: "TENCENTCLOUD_REDIS_ENDPOINT",
  },
  waitTimeoutSeconds: {
    type: "number",
    doc:
      "How long one wait for the cloud (an order, a task, an instance becoming ready) may take, in seconds, for " +
      "resources that set no `waitTimeoutSeconds` of their own. Default 1800. `customTimeouts`, when set, bound the " +
      "whole operation.",
  },
  journalDir: {
    type: "string",
    doc:
      "The folder of the order journal, which makes sure an order is placed once across runs: keep it between runs " +
      "on CI runners that are new every run. Default: `.pulumi-tencentcloud-redis/purchases` beside the program.",
    env: "TENCENTCLOUD_REDIS_JOURNAL_DIR",
  },
  maxOrderPrice: {
    type: "number",
    doc:
      "The most one order (a purchase, a renewal, an upgrade) may cost, in yuan (e.g. 100 or 99.50), for instances " +
      "that set no `maxOrderPrice` of their own. An order above it is refused at preview and again before it is " +
      "sent. Default: no limit.",
  },
};

/**
 * The config variables. `withEnvironment`: name the environment fallback as `defaultInfo`. The provider's own inputs
 * leave it out: generated SDKs would read the environment in the program and pass the values (credentials) as the
 * explicit provider's inputs, into the state; the plugin reads the same variables itself when a key is unset.
 */
function configVariables(withEnvironment: boolean): Record<string, PropertySpec> {
  const variables: Record<string, PropertySpec> = {};
  for (const key of CONFIG_KEYS) {
    const v = CONFIG[key];
    const env = v.env === undefined ? "" : ` Environment variable when unset: \`${v.env}\`.`;
    variables[key] = {
      type: v.type,
      description: `${v.doc}${env}`,
      ...(v.secret ? { secret: true } : {}),
      ...(withEnvironment && v.env !== undefined ? { defaultInfo: { environment: [v.env] } } : {}),
    };
  }
  return variables;
}

/** The schema type of a model's value type. @internal */
export function valueTypeSpec(t: ValueType): TypeSpec {
  switch (t.kind) {
    case "int":
    case "oneOf":
      return { type: "integer" };
    case "number":
      return { type: "number" };
    case "text":
      return { type: "string" };
    case "bool":
      return { type: "boolean" };
    case "texts":
      return { type: "array", items: { type: "string" } };
  }
}

function description(f: InputField | OutputField): string {
  // An empty description is left for the schema test to catch, rather than failing GetSchema.
  const doc = f.doc ?? "";
  return f.type.kind === "oneOf" ? `${doc} Allowed values: ${f.type.values.join(", ")}.` : doc;
}

function inputSpec(f: InputField, asInput: boolean): PropertySpec {
  return {
    ...valueTypeSpec(f.type),
    description: description(f),
    ...(f.secret ? { secret: true } : {}),
    ...(f.on === "replace" ? { willReplaceOnChanges: true } : {}),
    ...(asInput && f.default !== undefined ? { default: f.default } : {}),
  };
}

function outputSpec(f: OutputField): PropertySpec {
  return { ...valueTypeSpec(f.type), description: description(f), ...(f.secret ? { secret: true } : {}) };
}

/**
 * A resource from its model. The state's properties are the outputs and the inputs marked `output`, as the
 * resource class declares them (model/derive.ts DeclaredOutputs). `required` (always present in the state, typed as
 * never undefined in SDKs) is what the model promises: every output not marked `optional`, and every input marked
 * `output: true` (the check fills in a default one; the provider fills in the others from the cloud, e.g. an
 * undeclared name). An input marked `output: "optional"` may be absent.
 * @internal
 */
export function resourceSpec(model: Model, desc: string): ResourceSpec {
  const inputs = Object.entries(model.inputs);
  const outputs = Object.entries(model.outputs);
  const inputProperties: Record<string, PropertySpec> = {};
  for (const [k, f] of inputs) inputProperties[k] = inputSpec(f, true);
  const properties: Record<string, PropertySpec> = {};
  for (const [k, f] of inputs) if (f.output !== undefined) properties[k] = inputSpec(f, false);
  for (const [k, f] of outputs) properties[k] = outputSpec(f);
  return {
    description: desc,
    inputProperties,
    // A defaulted input is not required of the program: the check fills it in.
    requiredInputs: inputs.filter(([, f]) => f.required === true).map(([k]) => k),
    properties,
    required: [
      ...inputs.filter(([, f]) => f.output === true).map(([k]) => k),
      ...outputs.filter(([, f]) => f.optional !== true).map(([k]) => k),
    ],
  };
}

/**
 * The package schema the plugin serves.
 * @param version - the plugin's version (semver)
 */
export function packageSchema(version: string): PackageSpec {
  const resources: Record<string, ResourceSpec> = {};
  for (const [token, entry] of Object.entries(RESOURCES))
    resources[token] = resourceSpec(entry.model, entry.description);
  const { functions, types } = functionSchemas();
  return {
    name: PACKAGE,
    displayName: "Tencent Cloud Redis",
    description:
      "Tencent Cloud Redis (CRS): instances bought and kept paid, manual backups with download URLs, SQL Server " +
      "backups, and functions for zones, products, prices, instances, backups and tasks. Every order is placed once.",
    version,
    license: "Apache-2.0",
    keywords: ["pulumi", "tencentcloud", "redis", "category/database", "kind/native"],
    config: { variables: configVariables(true) },
    provider: {
      description: "The provider: credentials, region, endpoint and the bounds, as the stack config takes them.",
      inputProperties: configVariables(false),
    },
    resources,
    functions,
    types,
    // For the SDKs (scripts/generateSdks.ts): the Go module is importBasePath's folder (sdk/go); each SDK carries
    // this version (not a 0.0.0 or ${VERSION} placeholder) and asks for the plugin of that version. The TypeScript
    // SDK ships inside this npm package as its `plugin` entry, beside the dynamic classes (the package's default), so
    // the code `pulumi import` prints for a TypeScript program imports the plugin classes, not the dynamic ones.
    language: {
      go: {
        importBasePath: "github.com/pulumi-tencentcloud-redis/sdk/go/tencentcloudredis",
        respectSchemaVersion: true,
      },
      nodejs: { packageName: "pulumi-tencentcloud-redis/plugin", respectSchemaVersion: true },
      python: { packageName: "pulumi_tencentcloud_redis", respectSchemaVersion: true },
    },
  };
}
