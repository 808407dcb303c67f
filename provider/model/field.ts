/**
 * A resource's fields, declared once: each input's type rule, what a change of it does, whether it is secret and
 * whether it is also a declared output; each output's type. Everything else (the check's schema, the diff's lists,
 * the constructor's placeholders, the secret outputs, the provider's TypeScript types) is derived (derive.ts, schema.ts).
 * Plain data with no runtime dependency: the program's process loads it with the resource classes.
 * @packageDocumentation
 */

/** The type rule of a value, as the check enforces it (schema.ts turns it into zod). */
export type ValueType =
  | { kind: "int"; positive?: true }
  | { kind: "number"; positive?: true; nonNegative?: true }
  | { kind: "text" }
  | { kind: "bool" }
  | { kind: "texts" }
  | { kind: "oneOf"; values: readonly number[] };

/** What a change of an input does: replace the resource, change it in place, or only update the state. */
export type OnChange = "replace" | "update" | "state";

/** One input of a resource. */
export interface InputField {
  type: ValueType;
  on: OnChange;
  required?: boolean;
  /** Stored as a secret (the constructor wraps it, the engine keeps its output secret). */
  secret?: boolean;
  /**
   * Also a declared output: it exists as a property of the resource even when the program does not give it
   * (`"optional"`: typed as possibly undefined).
   */
  output?: true | "optional";
  /** Filled in by the check when absent. */
  default?: number;
  /** Judged against what the cloud has on sale (DescribeRedisZones / DescribeRedisProduct) when new or changed. */
  onSale?: boolean;
  /**
   * Decides what an order costs (the plan's prices): while it is unknown at preview, no price is shown. Of these, the
   * in-place ones are the changes that order (an upgrade, a renewal).
   */
  priced?: boolean;
  /** For an in-place input: the name of the update step that applies it. */
  step?: string;
  /** The message when the value has the wrong type (default: the key and zod's message). */
  typeRule?: string;
  /** What the input means, for people: the plugin's schema shows it (plugin/schema.ts). */
  doc?: string;
  /**
   * The cloud never reports it (the password): a state that lacks it, as after `pulumi import`, takes the declared
   * value as the current one, so declaring it changes nothing and writes nothing.
   */
  unreadable?: true;
  /**
   * Leaving it out keeps what the cloud has (no update step runs for an absent value), so an input that leaves the
   * program, or that an import recorded and the program never declared, is no change: the preview shows none.
   */
  absentKeeps?: true;
}

/** One output the provider adds. */
export interface OutputField {
  type: ValueType;
  secret?: boolean;
  /** Absent in some states (typed as possibly undefined). */
  optional?: boolean;
  /** What the output means, for people: the plugin's schema shows it (plugin/schema.ts). */
  doc?: string;
  /**
   * The inputs whose in-place change moves this output (`"any"`: every update may): a preview of an update shows it
   * unknown then, and the state's value otherwise. An output without it is not moved by an update.
   */
  movedBy?: readonly string[] | "any";
}

/** A resource's model: its inputs and the outputs it adds. */
export interface Model {
  inputs: Record<string, InputField>;
  outputs: Record<string, OutputField>;
}

/** The TypeScript type of a value of this rule. */
export type ValueOf<T extends ValueType> = T extends { kind: "int" | "number" }
  ? number
  : T extends { kind: "text" }
    ? string
    : T extends { kind: "bool" }
      ? boolean
      : T extends { kind: "texts" }
        ? string[]
        : T extends { kind: "oneOf"; values: readonly (infer V)[] }
          ? V
          : never;

type RequiredKeys<I extends Record<string, InputField>> = {
  [K in keyof I]: I[K] extends { required: true } | { default: number } ? K : never;
}[keyof I];

/** The inputs as the provider receives them after `check` (defaults filled in). */
export type InputsOf<M extends Model> = { [K in RequiredKeys<M["inputs"]>]: ValueOf<M["inputs"][K]["type"]> } & {
  [K in Exclude<keyof M["inputs"], RequiredKeys<M["inputs"]>>]?: ValueOf<M["inputs"][K]["type"]>;
};

type OptionalOutputKeys<O extends Record<string, OutputField>> = {
  [K in keyof O]: O[K] extends { optional: true } ? K : never;
}[keyof O];

/** The outputs the provider adds to the inputs (an `optional` one may be absent). */
export type OutputsOf<M extends Model> = {
  [K in Exclude<keyof M["outputs"], OptionalOutputKeys<M["outputs"]>>]: ValueOf<M["outputs"][K]["type"]>;
} & { [K in OptionalOutputKeys<M["outputs"]>]?: ValueOf<M["outputs"][K]["type"]> };

/** Type rules, spelled once. */
export const int = { kind: "int" } as const satisfies ValueType;
export const positiveInt = { kind: "int", positive: true } as const satisfies ValueType;
export const positive = { kind: "number", positive: true } as const satisfies ValueType;
export const nonNegative = { kind: "number", nonNegative: true } as const satisfies ValueType;
export const text = { kind: "text" } as const satisfies ValueType;
export const bool = { kind: "bool" } as const satisfies ValueType;
export const texts = { kind: "texts" } as const satisfies ValueType;
export const oneOf = <const V extends readonly number[]>(...values: V) => ({ kind: "oneOf", values }) as const;
