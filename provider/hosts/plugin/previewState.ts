/**
 * What a preview shows for a resource's outputs, from its model: a new resource's outputs are unknown; an update keeps
 * the state's outputs known except those the changed inputs move (`movedBy` in the model), so a dependent of an
 * instance's host or port is not shown as replaced when only its name changes.
 * @packageDocumentation
 */

import { changedInputs } from "../../model/derive";
import type { Model } from "../../model/field";
import { UNKNOWN } from "../../runtime/unknown";
import type { Props } from "./wire";

/** The properties a previewed create returns: the inputs, every output unknown. @internal */
export function previewCreate(model: Model, news: Props): Props {
  const unknowns = Object.fromEntries(Object.keys(model.outputs).map((k) => [k, UNKNOWN]));
  return { ...unknowns, ...news };
}

/** The properties a previewed update returns: the new inputs over the state, moved outputs unknown. @internal */
export function previewUpdate(model: Model, olds: Props, news: Props): Props {
  const changed = new Set(changedInputs(model, olds, news));
  const state: Props = { ...olds, ...news };
  for (const [k, f] of Object.entries(model.outputs)) {
    const moved = f.movedBy === "any" ? changed.size > 0 : (f.movedBy ?? []).some((input) => changed.has(input));
    if (moved) state[k] = UNKNOWN;
  }
  return state;
}
