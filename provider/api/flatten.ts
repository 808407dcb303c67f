/** A value of an action's parameters before flattening. */
export type ParamValue = string | number | boolean | null | undefined | ParamValue[] | { [k: string]: ParamValue };

/**
 * Flattens parameters for the 2017 API: arrays become `name.0`, `name.1`, …; nested objects `a.b`. `undefined` and
 * `null` are left out; numbers and booleans become strings.
 * @param params - action parameters
 * @param prefix - name prefix (internal recursion)
 */
export function flatten(params: Record<string, ParamValue>, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: string, value: ParamValue): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        put(`${name}.${i}`, v);
      });
    } else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value)) put(`${name}.${k}`, v);
    } else {
      out[name] = String(value);
    }
  };
  for (const [k, v] of Object.entries(params)) put(prefix ? `${prefix}.${k}` : k, v);
  return out;
}
