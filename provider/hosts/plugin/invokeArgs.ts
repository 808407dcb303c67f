/**
 * The arguments of an invoke, checked against the function's inputs in the schema before the function runs: a program
 * in another language hands over whatever it wrote, and a wrong type or a missing argument must come back as the rule,
 * not as an API error.
 * @packageDocumentation
 */

import { z } from "zod";
import { functionSchemas } from "./functionSchemas";
import type { ObjectTypeSpec, TypeSpec } from "./schema";
import type { Props } from "./wire";

/** One refused argument. @internal */
export interface ArgFailure {
  property: string;
  reason: string;
}

function ruleOf(t: TypeSpec): z.ZodType {
  if ("$ref" in t) return z.record(z.string(), z.unknown());
  switch (t.type) {
    case "string":
      return z.string();
    case "integer":
      return z.number().int();
    case "number":
      return z.number();
    case "boolean":
      return z.boolean();
    case "array":
      return z.array(ruleOf(t.items));
    case "object":
      return z.record(z.string(), ruleOf(t.additionalProperties));
  }
}

function kindOf(t: TypeSpec): string {
  if ("$ref" in t) return "an object";
  if (t.type === "array") return `a list of ${kindOf(t.items).replace(/^an? /, "")}s`;
  return t.type === "object" ? "a map" : t.type === "integer" ? "an integer" : `a ${t.type}`;
}

/** The failures of `args` for the function `token` (none for a function without inputs). @internal */
export function checkInvokeArgs(token: string, args: Props): ArgFailure[] {
  const inputs: ObjectTypeSpec | undefined = functionSchemas().functions[token]?.inputs;
  const failures: ArgFailure[] = [];
  const declared = inputs?.properties ?? {};
  for (const k of Object.keys(args)) {
    if (!(k in declared)) failures.push({ property: k, reason: `${token} takes no argument ${k}` });
  }
  for (const k of inputs?.required ?? []) {
    if (args[k] === undefined || args[k] === null) failures.push({ property: k, reason: `${k} is required` });
  }
  for (const [k, spec] of Object.entries(declared)) {
    const v = args[k];
    if (v === undefined || v === null) continue;
    if (!ruleOf(spec).safeParse(v).success) {
      failures.push({ property: k, reason: `${k} must be ${kindOf(spec)}: ${spec.description}` });
    }
  }
  return failures;
}
