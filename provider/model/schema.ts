import { z } from "zod";
import type { Model, ValueType } from "./field";

/** The zod rule of one value type. */
function ruleOf(t: ValueType): z.ZodType {
  switch (t.kind) {
    case "int":
      return t.positive ? z.number().int().positive() : z.number().int();
    case "number":
      return t.positive ? z.number().positive() : t.nonNegative ? z.number().nonnegative() : z.number();
    case "text":
      return z.string();
    case "bool":
      return z.boolean();
    case "texts":
      return z.array(z.string());
    case "oneOf": {
      const [first, second, ...rest] = t.values.map((v) => z.literal(v));
      if (!first) throw new TypeError("oneOf needs a value");
      return second ? z.union([first, second, ...rest]) : first;
    }
  }
}

/**
 * The check's type rules of a model's inputs, every key optional: presence is judged apart (requiredKeys), and
 * unknown values (not computed yet at preview) are left out before parsing.
 * @internal
 */
export function inputSchema(model: Model): z.ZodObject<Record<string, z.ZodType>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, f] of Object.entries(model.inputs)) shape[k] = ruleOf(f.type).optional();
  return z.object(shape);
}
