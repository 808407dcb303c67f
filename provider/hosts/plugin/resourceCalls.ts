/**
 * The resource operations of the plugin: the engine's requests turned into the calls of the same providers the dynamic
 * host serves (runtimeEntry.ts), inside a call scope that attaches the call's lines to its resource and bounds its
 * waits by the resource's `customTimeouts`. What differs from the dynamic host lives here, not in the core: secrets
 * unwrapped and re-marked, the state overlaid on the old inputs, the property-level diff, previews of outputs.
 * @packageDocumentation
 */

import type * as pulumi from "@pulumi/pulumi";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { withCallScope } from "../../callScope";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import { changedInputs, secretKeyList } from "../../model/derive";
import type { Model } from "../../model/field";
import { purchaseKey } from "../../redis/reads/props";
import { parseUrn } from "../../runtime/urn";
import { providers } from "../../runtimeEntry";
import { checkFailure } from "./checkFailure";
import type { EngineLog } from "./engineLog";
import { previewCreate, previewUpdate } from "./previewState";
import { RESOURCES, type ResourceEntry } from "./registry";
import { fromWire, type Props, toWire, type Unwrapped } from "./wire";

const Kind = provproto.PropertyDiff.Kind;

/** How one changed property changes: added, deleted or updated, each in place or by a replacement. */
function diffKind(old: unknown, next: unknown, replace: boolean): provproto.PropertyDiff.Kind {
  if (old === undefined) return replace ? Kind.ADD_REPLACE : Kind.ADD;
  if (next === undefined) return replace ? Kind.DELETE_REPLACE : Kind.DELETE;
  return replace ? Kind.UPDATE_REPLACE : Kind.UPDATE;
}

/** One resource call: which resource, its provider and model, and how its lines and deadline are scoped. */
interface Target {
  urn: string;
  entry: ResourceEntry;
  provider: pulumi.dynamic.ResourceProvider;
  secrets: ReadonlySet<string>;
}

function target(urn: string, type: string, secrets: Iterable<string> = []): Target {
  const token = type || parseUrn(urn).type;
  const entry = RESOURCES[token];
  if (!entry) throw new ProviderError(`tencentcloud-redis has no resource ${token}`);
  return {
    urn,
    entry,
    provider: providers[entry.kind],
    secrets: new Set([...secretKeyList(entry.model), ...secrets]),
  };
}

/**
 * The keys the dynamic classes add to every resource's inputs, derived here from the URN: the purchase key that finds
 * an interrupted create again (`project/stack/name`, the same as the dynamic host's) and the name for the lines.
 */
function withResourceKeys(urn: string, props: Props): Props {
  const { stack, project, name } = parseUrn(urn);
  return { __purchaseKey: purchaseKey(project, stack, name), __logName: name, ...props };
}

/** The inputs without the keys withResourceKeys added. */
function withoutResourceKeys(props: Props): Props {
  const { __purchaseKey: _k, __logName: _n, ...rest } = props;
  return rest;
}

/**
 * The state as the core reads it: the outputs over the old inputs. The engine keeps both; an input that never became
 * an output (an imported instance's password, recorded by a later `up` that changed nothing) is found in the inputs.
 */
function stateOf(model: Model, outputs: Unwrapped, inputs: Unwrapped): Unwrapped {
  const props = { ...outputs.props };
  for (const k of Object.keys(model.inputs))
    if (props[k] === undefined && inputs.props[k] !== undefined) props[k] = inputs.props[k];
  return { props, secrets: new Set([...outputs.secrets, ...inputs.secrets]) };
}

/** Runs a call in its scope; its lines are delivered before it answers. */
async function scoped<T>(log: EngineLog, t: Target, timeoutSeconds: number, fn: () => Promise<T>): Promise<T> {
  const deadlineMs = timeoutSeconds > 0 ? processClock().now() + timeoutSeconds * 1000 : undefined;
  try {
    return await withCallScope(
      { log: (line) => log.info(t.urn, line), resource: t.urn, ...(deadlineMs ? { deadlineMs } : {}) },
      fn,
    );
  } finally {
    await log.flushed();
  }
}

/** @internal */
export class ResourceCalls {
  constructor(private readonly log: EngineLog) {}

  /** The keys to mark secret in a failure's properties, for the error mapper. */
  secretsOf(urn: string, type: string): ReadonlySet<string> {
    try {
      return target(urn, type).secrets;
    } catch {
      return new Set();
    }
  }

  async check(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    const olds = fromWire(req.getOlds());
    const news = fromWire(req.getNews());
    const t = target(req.getUrn(), req.getType(), news.secrets);
    // The check sees the resource's keys too (its journal tells whether an order of an earlier run is resumed); they
    // stay out of the inputs the engine stores.
    const result = await scoped(this.log, t, 0, async () =>
      t.provider.check?.(olds.props, withResourceKeys(t.urn, news.props)),
    );
    const checked = withoutResourceKeys((result?.inputs ?? news.props) as Props);
    const resp = new provproto.CheckResponse();
    resp.setInputs(toWire(checked, t.secrets));
    resp.setFailuresList((result?.failures ?? []).map(checkFailure));
    return resp;
  }

  async diff(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    const t = target(req.getUrn(), req.getType());
    const olds = stateOf(t.entry.model, fromWire(req.getOlds()), fromWire(req.getOldInputs()));
    const news = fromWire(req.getNews());
    const result = await scoped(this.log, t, 0, async () =>
      t.provider.diff?.(req.getId(), withResourceKeys(t.urn, olds.props), news.props),
    );
    // The same rule the diff decided by, per property, for the engine's property-level display.
    const changed = result?.changes ? changedInputs(t.entry.model, olds.props, news.props) : [];
    const replaces = result?.replaces ?? [];
    const resp = new provproto.DiffResponse();
    resp.setChanges(
      result?.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
    );
    resp.setReplacesList(replaces);
    resp.setDiffsList(changed);
    resp.setDeletebeforereplace(result?.deleteBeforeReplace ?? false);
    const detailed = resp.getDetaileddiffMap();
    for (const k of changed) {
      const d = new provproto.PropertyDiff();
      d.setKind(diffKind(olds.props[k], news.props[k], replaces.includes(k)));
      d.setInputdiff(true);
      detailed.set(k, d);
    }
    resp.setHasdetaileddiff(true);
    return resp;
  }

  async create(req: provproto.CreateRequest): Promise<provproto.CreateResponse> {
    const news = fromWire(req.getProperties());
    const t = target(req.getUrn(), req.getType(), news.secrets);
    const resp = new provproto.CreateResponse();
    if (req.getPreview()) {
      resp.setProperties(toWire(previewCreate(t.entry.model, news.props), t.secrets));
      return resp;
    }
    const result = await scoped(this.log, t, req.getTimeout(), () =>
      t.provider.create(withResourceKeys(t.urn, news.props)),
    );
    resp.setId(result.id);
    resp.setProperties(toWire(result.outs ?? {}, t.secrets));
    return resp;
  }

  async read(req: provproto.ReadRequest): Promise<provproto.ReadResponse> {
    const t = target(req.getUrn(), req.getType());
    const inputs = fromWire(req.getInputs());
    const state = stateOf(t.entry.model, fromWire(req.getProperties()), inputs);
    const secrets = new Set([...t.secrets, ...state.secrets]);
    const result = await scoped(this.log, t, req.getTimeout(), async () =>
      t.provider.read?.(req.getId(), withResourceKeys(t.urn, state.props)),
    );
    const resp = new provproto.ReadResponse();
    if (!result?.id) return resp; // gone: the engine drops it (an import says the id does not exist)
    const props = (result.props ?? {}) as Props;
    const known = (result as { inputs?: Props }).inputs;
    // The inputs: what the provider read (drift, an import), else the engine's, else the model's inputs in the state.
    const next = known ?? (Object.keys(inputs.props).length > 0 ? inputs.props : props);
    resp.setId(result.id);
    resp.setProperties(toWire(props, secrets));
    resp.setInputs(toWire(onlyInputs(t.entry.model, next), secrets));
    return resp;
  }

  async update(req: provproto.UpdateRequest): Promise<provproto.UpdateResponse> {
    const news = fromWire(req.getNews());
    const t = target(req.getUrn(), req.getType(), news.secrets);
    const olds = stateOf(t.entry.model, fromWire(req.getOlds()), fromWire(req.getOldInputs()));
    const secrets = new Set([...t.secrets, ...olds.secrets]);
    const resp = new provproto.UpdateResponse();
    if (req.getPreview()) {
      resp.setProperties(toWire(previewUpdate(t.entry.model, olds.props, news.props), secrets));
      return resp;
    }
    const result = await scoped(this.log, t, req.getTimeout(), async () =>
      t.provider.update?.(req.getId(), withResourceKeys(t.urn, olds.props), withResourceKeys(t.urn, news.props)),
    );
    resp.setProperties(toWire((result?.outs ?? {}) as Props, secrets));
    return resp;
  }

  async delete(req: provproto.DeleteRequest): Promise<void> {
    const t = target(req.getUrn(), req.getType());
    const state = stateOf(t.entry.model, fromWire(req.getProperties()), fromWire(req.getOldInputs()));
    await scoped(this.log, t, req.getTimeout(), async () =>
      t.provider.delete?.(req.getId(), withResourceKeys(t.urn, state.props)),
    );
  }
}

/** The model's inputs of a property bag: what the engine stores as inputs and prints as code on an import. */
function onlyInputs(model: Model, props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([k]) => k in model.inputs));
}
