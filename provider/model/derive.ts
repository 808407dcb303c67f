import type * as pulumi from "@pulumi/pulumi";
import type { Model, OnChange, OutputsOf, ValueOf } from "./field";

/*
 * What follows from a model, for the provider's check/diff and for the resource class. No runtime dependency beyond
 * the model: both the program's process and the provider's load it.
 */

type Props = Record<string, unknown>;

/** The keys of the fields that satisfy `pred`, in declaration order. @internal */
export function keysWhere<F>(fields: Record<string, F>, pred: (f: F) => boolean): string[] {
  return Object.entries(fields)
    .filter(([, f]) => pred(f))
    .map(([k]) => k);
}

/** The input keys whose change does `on`, in declaration order. @internal */
export function keysOn(model: Model, on: OnChange): string[] {
  return keysWhere(model.inputs, (f) => f.on === on);
}

/** Inputs the check must find. @internal */
export function requiredKeys(model: Model): string[] {
  return keysWhere(model.inputs, (f) => f.required === true);
}

/** Keys that are outputs only (never inputs of the program). @internal */
export function outputKeys(model: Model): string[] {
  return Object.keys(model.outputs);
}

/** The secret inputs and outputs, as `additionalSecretOutputs` takes them. @internal */
export function secretKeyList(model: Model): string[] {
  const secret = (f: { secret?: boolean }) => f.secret === true;
  return [...keysWhere(model.inputs, secret), ...keysWhere(model.outputs, secret)];
}

type OutputInputKeys<M extends Model, Mode> = {
  [K in keyof M["inputs"]]: M["inputs"][K] extends { output: Mode } ? K : never;
}[keyof M["inputs"]];

/**
 * The properties a resource class exposes: every output, and every input marked `output` (`"optional"`: it may be
 * absent). `Check` must be `true`: the class passes a compile-time check of its Args against the model there.
 * @internal
 */
export type DeclaredOutputs<M extends Model, Check extends true = true> = Check extends true
  ? { readonly [K in keyof OutputsOf<M>]-?: pulumi.Output<OutputsOf<M>[K]> } & {
      readonly [K in OutputInputKeys<M, true>]: pulumi.Output<ValueOf<M["inputs"][K]["type"]>>;
    } & { readonly [K in OutputInputKeys<M, "optional">]: pulumi.Output<ValueOf<M["inputs"][K]["type"]> | undefined> }
  : never;

/** `true` when A and B have the same keys. @internal */
export type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;

/** The type with its readonly marks dropped: a constructor re-points the outputs it keeps known in previews. @internal */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Whether two property values are the same for a diff (absent and null count as one). @internal */
export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The inputs a change from `olds` to `news` changes, in declaration order. An `absentKeeps` input the program leaves
 * out is no change, and neither is an `unreadable` input the state lacks (an imported instance's password, taken as
 * it is declared). Hosts that show a property-level diff list these; the diff below decides from them.
 * @internal
 */
export function changedInputs(model: Model, olds: Props, news: Props): string[] {
  return (
    Object.entries(model.inputs)
      // Absent means the default: a state written without it (an import) and a checked input that has it agree.
      .filter(([k, f]) => !sameValue(olds[k] ?? f.default, news[k] ?? f.default))
      .filter(([k, f]) => !(f.unreadable === true && olds[k] === undefined))
      .filter(([k, f]) => !(f.absentKeeps === true && news[k] === undefined))
      .map(([k]) => k)
  );
}

/**
 * The explicit diff: exactly the changed inputs of the model. Without it the engine would compare `__provider` and
 * the internal keys too, and show an update after every upgrade of this package. Outputs are not compared: drift is
 * `pulumi refresh`'s job. Replacements create the new resource first.
 * @internal
 */
export function diffByModel(model: Model, olds: Props, news: Props): pulumi.dynamic.DiffResult {
  const changed = changedInputs(model, olds, news);
  const replaces = changed.filter((k) => model.inputs[k]?.on === "replace");
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

/**
 * The property bag a resource class hands the SDK: every declared output exists as a property (the SDK makes
 * properties only for the keys it is given), also when its optional input is absent; the program's inputs, with the
 * secret ones wrapped; the provider-only keys (`__...`) last.
 * @internal
 */
export function resourceProps(
  model: Model,
  args: Record<string, unknown>,
  wrapSecret: (v: unknown) => unknown,
  internal: Props,
): Props {
  const props: Props = {};
  for (const [k, f] of Object.entries(model.inputs)) if (f.output !== undefined) props[k] = undefined;
  Object.assign(props, args);
  for (const [k, f] of Object.entries(model.inputs)) if (f.secret === true && k in args) props[k] = wrapSecret(args[k]);
  for (const k of Object.keys(model.outputs)) props[k] = undefined;
  return { ...props, ...internal };
}
