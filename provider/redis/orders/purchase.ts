import * as api from "../../api";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import { processScoped } from "../../processState";
import type { CallContext } from "../../runtime/context";
import { pollFor } from "../../wait/pollFor";
import { describeAll, describeMany, type RedisView } from "../reads/instanceReads";
import { idList, num, type Props, str } from "../reads/props";
import { parseCrsTime } from "../reads/time";
import { NAME_PATTERN } from "../rules/rules";
import { clearPurchase, type Fingerprint, type PurchaseRecord, readPurchase, writePurchase } from "./journal";

/** What a create of these inputs buys; a lost answer or an orphan is matched by all of it. @internal */
export function fingerprintOf(inputs: Props): Fingerprint {
  return {
    zoneId: Number(inputs.zoneId),
    typeId: Number(inputs.typeId),
    memSize: Number(inputs.memSize),
    period: Number(inputs.period ?? 1),
    projectId: num(inputs.projectId),
    vpcId: str(inputs.vpcId),
    subnetId: str(inputs.subnetId),
  };
}

/** An instance has the shape a purchase of `fp` delivers (project 0 and the basic network when not declared). */
export function hasShape(r: RedisView, fp: Fingerprint): boolean {
  return (
    r.zoneId === fp.zoneId &&
    r.typeId === fp.typeId &&
    r.size === fp.memSize &&
    (r.projectId ?? 0) === (fp.projectId ?? 0) &&
    (r.unVpcId ?? "") === (fp.vpcId ?? "") &&
    (r.unSubnetId ?? "") === (fp.subnetId ?? "")
  );
}

/** A bought instance carries its id as its name (or none) until someone names it; ours are named on delivery. */
export function hasDefaultName(r: RedisView): boolean {
  return r.redisName === "" || r.redisName === r.redisId;
}

/** The name an instance gets when the program declares none: the resource's, so it no longer looks unclaimed. */
export function defaultNameFor(purchaseKey: string): string | undefined {
  const name = (purchaseKey.split("/").pop() ?? "").replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 36);
  return NAME_PATTERN.test(name) ? name : undefined;
}

/** Ids that a create or adoption of this process has taken: never a candidate for another resource. @internal */
export function claimed(): Set<string> {
  return processScoped("redis.claimedIds", () => new Set<string>());
}

/** An unclaimed instance of this shape exists and no record says whose it is: buying could buy a second one. */
export class OrphanCandidateError extends ProviderError {
  override readonly name = "OrphanCandidateError";
}

const ORPHAN_WINDOW_MS = 7 * 86_400_000;
const LOST_ANSWER_SLACK_MS = 120_000;

function describe(r: RedisView): string {
  return `${r.redisId} (created ${r.createTime ?? "?"}, zone ${r.zoneId}, ${r.size} MB, name "${r.redisName}")`;
}

/**
 * The fail-safe of a runner with no journal (a new CI machine, a deleted folder): an instance of the declared shape,
 * bought in the last 7 days before this process started, still carrying its default name and claimed by nothing
 * here, may be the one an interrupted earlier run of this resource bought. Instances bought after this process
 * started belong to runs going on now (other stacks under the same account), never to an earlier run of this one.
 * createTime has whole seconds: an instance of the second this process started may be from before it, so it stays a
 * candidate (a refusal the user can lift with ignoreInstanceIds, rather than a second purchase).
 * @internal
 */
export function orphanCandidates(all: readonly RedisView[], inputs: Props, now = processClock().now()): RedisView[] {
  const fp = fingerprintOf(inputs);
  const ignore = new Set(idList(inputs.ignoreInstanceIds));
  const processStart = now - process.uptime() * 1000;
  const mine = claimed();
  return all.filter((r) => {
    const created = parseCrsTime(r.createTime);
    return (
      hasShape(r, fp) &&
      hasDefaultName(r) &&
      !mine.has(r.redisId) &&
      !ignore.has(r.redisId) &&
      created !== undefined &&
      created >= now - ORPHAN_WINDOW_MS &&
      created < processStart
    );
  });
}

/** How long a candidate must stay unnamed after it is running before it counts as an orphan. */
const NAMING_GRACE_MS = 30_000;
const CANDIDATE_POLL_MS = 2_000;

/**
 * Keeps the candidates that stay unnamed once running: a create of another stack running now names its instance
 * right after delivery, an interrupted run's instance keeps its default name. Costs a wait only when a candidate
 * exists at all (a runner without its journal).
 * @internal
 */
export async function lastingOrphans(ctx: CallContext, candidates: readonly RedisView[]): Promise<RedisView[]> {
  let left = [...candidates];
  let first = true;
  const runningSince = new Map<string, number>();
  const found = await pollFor(
    async () => {
      if (!first) {
        const fresh = await describeMany(
          ctx,
          left.map((r) => r.redisId),
        );
        left = left.flatMap((r) => {
          const v = fresh.get(r.redisId);
          return v && hasDefaultName(v) ? [v] : [];
        });
      }
      first = false;
      const now = processClock().now();
      for (const r of left) if (r.status === 2 && !runningSince.has(r.redisId)) runningSince.set(r.redisId, now);
      const settled = left.every((r) => now - (runningSince.get(r.redisId) ?? now) >= NAMING_GRACE_MS);
      return left.length === 0 || settled ? { value: left } : undefined;
    },
    { everyMs: CANDIDATE_POLL_MS, deadlineMs: Math.min(ctx.waitDeadline(), processClock().now() + 5 * 60_000) },
  );
  return found?.value ?? left;
}

/** Refuses to buy while an orphan candidate exists, naming it and the two ways on. @internal */
export function refuseOrphans(candidates: readonly RedisView[]): void {
  if (candidates.length === 0) return;
  const ids = candidates.map((c) => c.redisId);
  throw new OrphanCandidateError(
    `nothing was bought: this runner has no journal of an earlier create of this resource, but the account holds ` +
      `${ids.length === 1 ? "an instance" : `${ids.length} instances`} of the declared shape that nothing has ` +
      `claimed yet: ${candidates.map(describe).join("; ")}. An interrupted earlier run (killed, or on another ` +
      `machine) may have bought ${ids.length === 1 ? "it" : "one of them"}. To take it over, set ` +
      `adoptInstanceId: "${ids[0]}"; to buy a new instance anyway, set ignoreInstanceIds: ${JSON.stringify(ids)}. ` +
      "Keep the journal folder between runs (stack config tencentcloud-redis:journalDir) to avoid this question.",
  );
}

/**
 * The instance a CreateRedis whose answer was lost bought: not listed before the purchase, of the shape bought,
 * created since it started, still default-named and not taken by another resource of this process.
 * @internal
 */
export function lostAnswerCandidates(all: readonly RedisView[], rec: PurchaseRecord): RedisView[] {
  const known = new Set(rec.knownIds ?? []);
  const mine = claimed();
  return all.filter(
    (r) =>
      !known.has(r.redisId) &&
      !mine.has(r.redisId) &&
      hasShape(r, rec.fingerprint) &&
      hasDefaultName(r) &&
      (parseCrsTime(r.createTime) ?? 0) >= rec.startedAt - LOST_ANSWER_SLACK_MS,
  );
}

/**
 * How long after CreateRedis was sent its order may still land when its answer never came (a timeout, a dropped
 * connection, a kill before the answer): the server goes on with a request the client gave up on, for at most its own
 * handling time. Far beyond the client's longest wait for an answer (30 s, api/transport.ts). Before then, "no
 * instance yet" does not mean "nothing was bought": the plugin host's next `up` came 2 s after a lost answer and
 * bought a second instance while the first order was still being handled (test/faults/pluginOrders.test.ts).
 * @internal
 */
export const LATE_ORDER_MS = 60_000;

/** How often a create looks for the instance of an order whose answer was lost. */
const LATE_ORDER_POLL_MS = 2_000;

/**
 * Finds the instance an earlier, interrupted create of this resource bought; undefined when it bought nothing. An
 * order whose answer never came is looked for until it cannot land any more (LATE_ORDER_MS after it was sent).
 * @throws ProviderError when the call's wait ends before then: nothing is bought, the next `up` looks again
 */
export async function findEarlierPurchase(
  ctx: CallContext,
  rec: PurchaseRecord,
  waitDelivery: (dealId: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  if (rec.instanceId) return rec.instanceId;
  if (rec.dealId) return waitDelivery(rec.dealId);
  // CreateRedis was sent but its answer never came back.
  const lateUntil = rec.startedAt + LATE_ORDER_MS;
  let said = false;
  const found = await pollFor(
    async () => {
      const candidates = lostAnswerCandidates(await describeAll(ctx), rec);
      if (candidates.length > 1) {
        throw new OrphanCandidateError(
          `an earlier create of this resource was interrupted after CreateRedis was sent, and ${candidates.length} ` +
            `instances could be the one it bought: ${candidates.map(describe).join("; ")}. ` +
            `Set adoptInstanceId to the right one; nothing was bought this time.`,
        );
      }
      if (candidates[0]) return { value: candidates[0].redisId };
      if (!said && processClock().now() < lateUntil) {
        said = true;
        ctx.log(
          `CreateRedis of an earlier attempt got no answer; its order may still land until ${new Date(lateUntil).toISOString()}: ` +
            "looking for its instance until then before buying",
        );
      }
      return undefined;
    },
    { everyMs: LATE_ORDER_POLL_MS, deadlineMs: Math.min(lateUntil, ctx.waitDeadline()) },
  );
  if (found) return found.value;
  if (processClock().now() < lateUntil) {
    throw new ProviderError(
      `CreateRedis of an earlier attempt got no answer and its order may still land until ${new Date(lateUntil).toISOString()}; ` +
        "no instance of it is listed yet. Nothing was bought: run `pulumi up` again after that time.",
    );
  }
  return undefined;
}

/** The journal of this resource's purchase, read with its failure said plainly. */
export function journalOf(purchaseKey: string): PurchaseRecord | undefined {
  return purchaseKey ? readPurchase(purchaseKey) : undefined;
}

/** Records a step of the purchase (no journal for a resource without a key: a state from an old version). */
export function record(rec: PurchaseRecord): void {
  if (rec.key) writePurchase(rec);
}

/** Forgets a purchase that bought nothing. */
export function forget(rec: PurchaseRecord): void {
  if (rec.key) clearPurchase(rec.key);
}

/** Sends CreateRedis for these inputs. @internal */
export function sendCreate(ctx: CallContext, inputs: Props, fp: Fingerprint): Promise<{ dealId: string }> {
  return api.createRedis(ctx.client, {
    zoneId: fp.zoneId,
    typeId: fp.typeId,
    memSize: fp.memSize,
    goodsNum: 1,
    period: fp.period,
    password: String(inputs.password),
    projectId: fp.projectId,
    unVpcId: fp.vpcId,
    unSubnetId: fp.subnetId,
  });
}
