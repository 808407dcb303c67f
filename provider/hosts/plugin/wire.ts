/**
 * Property values on the wire: google.protobuf.Struct as the engine sends and receives them, with Pulumi's secret and
 * unknown markers. The core sees plain values (a secret unwrapped, an unknown as the same marker string the dynamic
 * host hands it); what was secret is re-marked on the way out, with what the model declares secret.
 * @packageDocumentation
 */

import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { UNKNOWN } from "../../runtime/unknown";

/** The key and value that mark a special object on the wire (sdk/go/common/resource/sig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** @internal */
export type Props = Record<string, unknown>;

/** Plain values and the top-level keys whose value held a secret anywhere inside. @internal */
export interface Unwrapped {
  props: Props;
  secrets: Set<string>;
}

function isSecret(v: unknown): v is { value?: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** A value without secret markers, and whether one was found. */
function plain(v: unknown): [unknown, boolean] {
  if (isSecret(v)) return [plain(v.value)[0], true];
  if (Array.isArray(v)) {
    let found = false;
    const out = v.map((x) => {
      const [p, s] = plain(x);
      found ||= s;
      return p;
    });
    return [out, found];
  }
  if (typeof v === "object" && v !== null) {
    let found = false;
    const out: Props = {};
    for (const [k, x] of Object.entries(v)) {
      const [p, s] = plain(x);
      found ||= s;
      out[k] = p;
    }
    return [out, found];
  }
  return [v, false];
}

/** The request's properties as the core takes them. @internal */
export function fromWire(struct: Struct | undefined): Unwrapped {
  const secrets = new Set<string>();
  const props: Props = {};
  for (const [k, v] of Object.entries(struct?.toJavaScript() ?? {})) {
    const [p, secret] = plain(v);
    if (secret) secrets.add(k);
    props[k] = p;
  }
  return { props, secrets };
}

/** A secret as the wire carries it. @internal */
export function secretValue(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * Properties for the engine: undefined values dropped (a Struct has no such value), the `secret` keys marked. An
 * unknown stays the marker string, which is how the engine reads an unknown in a preview.
 * @internal
 */
export function toWire(props: Props, secret: ReadonlySet<string>): Struct {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    const clean = JSON.parse(JSON.stringify(v)) as unknown; // drops nested undefined, as the dynamic host's JSON does
    out[k] = secret.has(k) && v !== UNKNOWN ? secretValue(clean) : clean;
  }
  return Struct.fromJavaScript(out as Parameters<typeof Struct.fromJavaScript>[0]);
}
