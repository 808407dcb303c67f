import type * as pulumi from "@pulumi/pulumi";
import { processClock } from "../../clock";
import { keysOn, keysWhere, requiredKeys } from "../../model/derive";
import type { InputField } from "../../model/field";
import { inputSchema } from "../../model/schema";
import { isUnknown } from "../../runtime/unknown";
import { type InstanceInputs, instanceModel, type SaleKey } from "./instanceModel";
import { AUTO_RENEW_VALUES, MEM_RANGE, NAME_PATTERN, NAME_RULE, PERIODS, passwordProblem } from "./rules";

const schema = inputSchema(instanceModel);
const REQUIRED = requiredKeys(instanceModel);
const UNREADABLE = new Set(keysWhere(instanceModel.inputs, (f: InputField) => f.unreadable === true));

/** Keys the provider owns in its inputs besides the user's; they are passed through untouched. */
const INTERNAL_PREFIX = "__";

/** The inputs the catalogue judges: what is on sale. @internal */
export const SALE_KEYS = keysWhere<InputField>(instanceModel.inputs, (f) => f.onSale === true) as SaleKey[];

/**
 * Whether a sale field is new or differs from the state: only those are judged against the catalogue, so an instance
 * already bought is not refused because its zone or size stopped selling.
 * @internal
 */
export function saleChanged(olds: Record<string, unknown>, news: Record<string, unknown>, key: string): boolean {
  return olds[key] === undefined || JSON.stringify(olds[key]) !== JSON.stringify(news[key]);
}

/** The zone, type and size an Instance asks for (each absent when not known yet). @internal */
export type SaleSpec = Partial<Pick<InstanceInputs, SaleKey>>;

/**
 * Judges zone, type and size against what is on sale. `changed` says whether a field is new or differs from the
 * state: an instance already bought is not refused because its zone or size stopped selling.
 * @internal
 */
export type SaleRules = (spec: SaleSpec, changed: (key: keyof SaleSpec) => boolean) => pulumi.dynamic.CheckFailure[];

/** The offline rule: the CreateRedis document's default size ranges per type (rules.ts MEM_RANGE). @internal */
export const staticSaleRules: SaleRules = (spec) => {
  if (spec.memSize === undefined) return [];
  const [min, max] = MEM_RANGE[spec.typeId ?? 1];
  if (spec.memSize >= min && spec.memSize <= max) return [];
  return [
    {
      property: "memSize",
      reason: `memSize must be within [${min}, ${max}] MB for typeId ${spec.typeId ?? 1} (got ${spec.memSize})`,
    },
  ];
};

/**
 * Validates an Instance's inputs against the documented rules. Runs during `pulumi preview`, so every message names
 * the rule. Unknown values (not yet computed at preview) are not judged.
 * @param saleRules - zone/type/size rules: the catalogue's when it could be read (catalogue.ts), else the static ones
 * @internal
 */
export function checkInstanceInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  saleRules: SaleRules = staticSaleRules,
): pulumi.dynamic.CheckResult {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const known = (k: string) => news[k] !== undefined && news[k] !== null && !isUnknown(news[k]);

  const cleaned: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(news)) {
    if (k.startsWith(INTERNAL_PREFIX) || v === undefined || v === null || isUnknown(v)) continue;
    cleaned[k] = v;
  }
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      fail(key, describeTypeIssue(key, issue.message));
    }
    return { inputs: news, failures };
  }
  const v = parsed.data as Partial<InstanceInputs>;
  for (const required of REQUIRED) {
    // An imported state lacks what the cloud never reports (the password): the engine checks such a state as it is.
    const unread = UNREADABLE.has(required) && hasState(olds) && olds[required] === undefined;
    if (!(required in news) && !unread) fail(required, `${required} is required`);
  }
  if (v.memSize !== undefined) {
    if (v.memSize % 1024 !== 0) fail("memSize", `memSize must be a multiple of 1024 MB (got ${v.memSize})`);
    const oldMem = olds.memSize;
    if (typeof oldMem === "number" && v.memSize < oldMem && !replacing(olds, news)) {
      fail(
        "memSize",
        `memSize cannot shrink from ${oldMem} to ${v.memSize} MB: UpgradeRedis only grows an instance. ` +
          "To get a smaller one, replace it: change its name in the program (or use `pulumi up --replace <urn>`) and move the data with a backup.",
      );
    }
  }
  const spec = Object.fromEntries(SALE_KEYS.filter((k) => v[k] !== undefined).map((k) => [k, v[k]])) as SaleSpec;
  failures.push(...saleRules(spec, (k) => saleChanged(olds, news, k)));
  if (v.period !== undefined && !PERIODS.includes(v.period)) {
    fail("period", `period must be one of ${PERIODS.join(", ")} months (got ${v.period})`);
  }
  if (v.password !== undefined) {
    const problem = passwordProblem(v.password);
    if (problem) fail("password", problem);
  }
  if (v.name !== undefined && !NAME_PATTERN.test(v.name)) fail("name", `name must be ${NAME_RULE}`);
  if (v.autoRenew !== undefined && !AUTO_RENEW_VALUES.includes(v.autoRenew)) {
    fail("autoRenew", "autoRenew must be 0 (notify), 1 (auto-renew) or 2 (neither)");
  }
  if (v.paidThrough !== undefined) {
    const until = parsePaidThrough(v.paidThrough);
    if (until === undefined)
      fail("paidThrough", `paidThrough must be a date such as 2027-06-30 (got "${v.paidThrough}")`);
    else if (until > paidThroughBound()) {
      fail(
        "paidThrough",
        `paidThrough ${v.paidThrough} is beyond what can be bought: at most ${MAX_PAID_MONTHS} months after today ` +
          `(${cstDay(paidThroughBound())} China Standard Time), the longest period CreateRedis and RenewRedis sell`,
      );
    }
  }
  if (known("subnetId") && (news.vpcId === undefined || news.vpcId === null))
    fail("subnetId", "subnetId needs vpcId (a subnet belongs to a VPC)");
  if (v.projectId !== undefined && v.projectId < 0) fail("projectId", "projectId must be 0 or a positive project id");

  const inputs: Record<string, unknown> = { ...news };
  if (inputs.period === undefined) inputs.period = 1;
  return { inputs, failures };
}

/** Fields whose change replaces the instance; a shrink that comes with a replacement is a new purchase, so fine. */
const REPLACE_KEYS = keysOn(instanceModel, "replace");

/** Whether there is a state to check against (an update, or an import), not a new resource. */
const hasState = (olds: Record<string, unknown>): boolean => Object.keys(olds).length > 0;

function replacing(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  return REPLACE_KEYS.some((k) => olds[k] !== news[k]);
}

function describeTypeIssue(key: string, message: string): string {
  const field = (instanceModel.inputs as Record<string, InputField | undefined>)[key];
  if (field?.typeRule) return field.typeRule;
  if (field?.type.kind === "int") return `${key} must be a whole number (${message})`;
  return `${key}: ${message}`;
}

/** The longest period the documents sell (CreateRedis and RenewRedis `period` 36). */
const MAX_PAID_MONTHS = 36;
const CST_MS = 8 * 3600_000;

/** The end of the day 36 months after today on the cloud's calendar: the latest `paidThrough` accepted. */
function paidThroughBound(now = processClock().now()): number {
  const d = new Date(now + CST_MS);
  d.setUTCMonth(d.getUTCMonth() + MAX_PAID_MONTHS);
  return parsePaidThrough(cstDay(d.getTime() - CST_MS)) ?? Number.POSITIVE_INFINITY;
}

function cstDay(ms: number): string {
  return new Date(ms + CST_MS).toISOString().slice(0, 10);
}

/**
 * Reads `paidThrough` as the end of that day in China Standard Time (UTC+8), the time zone the CRS API prints
 * deadlines in. Returns epoch milliseconds or undefined when it is not a date.
 * @internal
 */
export function parsePaidThrough(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d, 23, 59, 59) - 8 * 3600_000;
  const check = new Date(t + 8 * 3600_000);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return t;
}
