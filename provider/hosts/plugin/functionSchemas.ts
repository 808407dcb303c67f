/**
 * The functions' schema (their inputs, outputs and the object types of their results), built from the declarations in
 * functionDecls.ts, which the compiler holds here to the TypeScript types the functions really take and return
 * (functions/*.ts and the api interfaces their results are made of).
 *
 * Why not from the zod schemas in provider/api: those check the wire answer (the envelope, `data.redisSet`, API 3.0's
 * PascalCase, three spellings of createTime, the zones as maps), and a function's result is what their `.transform`
 * makes of it, which zod cannot describe (`z.toJSONSchema` refuses transforms). Each transform builds its result as
 * an api interface (excess properties refused), so a field added to an answer lands in that interface, and then the
 * checks below fail until the field is declared in functionDecls.ts too.
 * @packageDocumentation
 */

import type {
  GetInstanceBackupsArgs,
  GetInstanceBackupsResult,
  GetInstancesArgs,
  GetInstancesResult,
  GetPriceArgs,
  GetPriceResult,
  GetProductsArgs,
  GetProductsResult,
  GetTasksArgs,
  GetTasksResult,
  GetZonesResult,
} from "../../functions";
import {
  type Field,
  type Fields,
  type FieldType,
  FUNCTIONS,
  type FunctionDecl,
  type Named,
  type PriceOrder,
  TYPES,
  type TypeName,
} from "./functionDecls";
import { type FunctionName, functionToken, PACKAGE } from "./registry";
import type { FunctionSpec, ObjectTypeSpec, PropertySpec, TypeSpec } from "./schema";

// ---------- compile-time checks: the tables against the types the code really uses ----------

/** getPrice's arguments as one object: `order` required, every other field of either kind of order optional. */
type KeysOfUnion<U> = U extends unknown ? keyof U : never;
type PriceArgs = { order: PriceOrder } & {
  [K in Exclude<KeysOfUnion<GetPriceArgs>, "order">]?: GetPriceArgs extends infer U
    ? U extends unknown
      ? K extends keyof U
        ? U[K]
        : never
      : never
    : never;
};

/** What each function takes and gives. */
interface Signatures {
  getZones: { args: Record<never, never>; result: GetZonesResult };
  getProducts: { args: GetProductsArgs; result: GetProductsResult };
  getPrice: { args: PriceArgs; result: GetPriceResult };
  getInstances: { args: GetInstancesArgs; result: GetInstancesResult };
  getInstanceBackups: { args: GetInstanceBackupsArgs; result: GetInstanceBackupsResult };
  getTasks: { args: GetTasksArgs; result: GetTasksResult };
}

type TsOfType<T> = T extends "string"
  ? string
  : T extends "integer" | "number"
    ? number
    : T extends "boolean"
      ? boolean
      : T extends { ref: infer N extends TypeName }
        ? Named[N]
        : T extends { list: infer E }
          ? TsOfType<E>[]
          : T extends { map: { ref: infer N extends TypeName } }
            ? Record<string, Named[N]>
            : never;
type TsOf<F> = F extends { values: readonly (infer V)[] } ? V : F extends { type: infer T } ? TsOfType<T> : never;

type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type RequiredKeysOf<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
type DeclaredRequired<F> = { [K in keyof F]: F[K] extends { required: true } ? K : never }[keyof F];

/**
 * The table declares the type's fields: the same keys, the same required ones, and each value fits (`into`: the
 * function's value fits the schema's, for results; `from`: the schema's fits the function's, for arguments).
 */
type Declares<F, T, Dir extends "into" | "from"> =
  SameSet<keyof F, keyof T> extends true
    ? SameSet<DeclaredRequired<F>, RequiredKeysOf<T>> extends true
      ? {
          [K in keyof T & keyof F]-?: Dir extends "into"
            ? [NonNullable<T[K]>] extends [TsOf<F[K]>]
              ? true
              : false
            : [TsOf<F[K]>] extends [NonNullable<T[K]>]
              ? true
              : false;
        }[keyof T & keyof F] extends true
        ? true
        : false
      : false
    : false;

/** getPrice's fields say which orders use and need them, exactly as GetPurchasePriceArgs/GetUpgradePriceArgs do. */
type FieldsFor<F, O, Attr extends "usedBy" | "requiredFor"> = {
  [K in keyof F]: F[K] extends Record<Attr, readonly (infer P)[]> ? (O extends P ? K : never) : never;
}[keyof F];
/** The kind of getPrice arguments an order takes (GetPurchasePriceArgs serves two orders). */
type OrderArgs<O> = GetPriceArgs extends infer U
  ? U extends { order: infer Os }
    ? O extends Os
      ? U
      : never
    : never
  : never;
type PriceOrdersDeclared<F> = {
  [O in PriceOrder]: SameSet<FieldsFor<F, O, "usedBy">, Exclude<keyof OrderArgs<O>, "order">> extends true
    ? SameSet<FieldsFor<F, O, "requiredFor">, Exclude<RequiredKeysOf<OrderArgs<O>>, "order">>
    : false;
}[PriceOrder];

type FailingTypes = {
  [N in TypeName]: Declares<(typeof TYPES)[N]["fields"], Named[N], "into"> extends true ? never : N;
}[TypeName];
type FailingFunctions = {
  [N in FunctionName]: Declares<(typeof FUNCTIONS)[N]["inputs"], Signatures[N]["args"], "from"> extends true
    ? Declares<(typeof FUNCTIONS)[N]["outputs"], Signatures[N]["result"], "into"> extends true
      ? never
      : `${N} outputs`
    : `${N} inputs`;
}[FunctionName];
type NoneFail<T extends never> = T;
// A compile error here names what differs between a table above and the type it describes.
/** @internal */
export type TypesDeclared = NoneFail<FailingTypes>;
/** @internal */
export type FunctionsDeclared = NoneFail<FailingFunctions>;
/** @internal */
export type PriceOrdersDeclaredCheck = NoneFail<
  PriceOrdersDeclared<(typeof FUNCTIONS)["getPrice"]["inputs"]> extends true ? never : "getPrice orders"
>;

// ---------- the schema parts ----------

/** The token of a named type. @internal */
export const typeToken = (name: TypeName): string => `${PACKAGE}:index:${name}`;

function typeSpec(t: FieldType): TypeSpec {
  if (typeof t === "string") return { type: t };
  if ("ref" in t) return { $ref: `#/types/${typeToken(t.ref)}` };
  if ("list" in t) return { type: "array", items: typeSpec(t.list) };
  return { type: "object", additionalProperties: typeSpec(t.map) };
}

const orderList = (orders: readonly PriceOrder[]): string => orders.join(", ");

function describe(f: Field): string {
  const parts = [f.doc];
  if (f.values !== undefined) parts.push(`Allowed values: ${f.values.map((v) => JSON.stringify(v)).join(", ")}.`);
  if (f.usedBy !== undefined) {
    const needed = f.requiredFor === undefined ? "optional" : `required for ${orderList(f.requiredFor)}`;
    parts.push(`Used by order ${orderList(f.usedBy)}; ${needed}.`);
  }
  return parts.join(" ");
}

function objectSpec(fields: Fields, doc?: string): ObjectTypeSpec {
  const properties: Record<string, PropertySpec> = {};
  for (const [k, f] of Object.entries(fields)) properties[k] = { ...typeSpec(f.type), description: describe(f) };
  const required = Object.entries(fields)
    .filter(([, f]) => f.required === true)
    .map(([k]) => k);
  return {
    type: "object",
    ...(doc === undefined ? {} : { description: doc }),
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}

/** The functions by token, and the named types their results use. @internal */
export function functionSchemas(): { functions: Record<string, FunctionSpec>; types: Record<string, ObjectTypeSpec> } {
  const functions: Record<string, FunctionSpec> = {};
  for (const [name, decl] of Object.entries(FUNCTIONS) as [FunctionName, FunctionDecl][]) {
    functions[functionToken(name)] = {
      description: decl.doc,
      // A function without arguments has no inputs object (SDKs then take none).
      ...(Object.keys(decl.inputs).length > 0 ? { inputs: objectSpec(decl.inputs) } : {}),
      outputs: objectSpec(decl.outputs),
    };
  }
  const types: Record<string, ObjectTypeSpec> = {};
  for (const [name, t] of Object.entries(TYPES) as [TypeName, { doc: string; fields: Fields }][]) {
    types[typeToken(name)] = objectSpec(t.fields, t.doc);
  }
  return { functions, types };
}
