import type { RedisInstance } from "../../api";
import {
  bool,
  type InputsOf,
  int,
  type Model,
  nonNegative,
  type OutputsOf,
  oneOf,
  positive,
  positiveInt,
  text,
  texts,
} from "../../model/field";

/**
 * The Instance, declared once: each field's type rule, what its change does, which are secret and which are
 * outputs. The check, the diff, the class's properties, `read`'s drift and the provider's types derive from here
 * (see model/). Adding an input is one line below plus its documentation in `InstanceArgs` (instance.ts), which the
 * compiler holds to the same keys.
 * @internal
 */
export const instanceModel = {
  inputs: {
    zoneId: {
      type: positiveInt,
      on: "replace",
      required: true,
      output: true,
      onSale: true,
      priced: true,
      doc: "Availability zone id, e.g. 100002 (Guangzhou Zone 2). Changing it replaces the instance.",
    },
    typeId: {
      type: oneOf(1, 2),
      on: "replace",
      onSale: true,
      priced: true,
      required: true,
      output: true,
      typeRule: "typeId must be 1 (cluster) or 2 (standalone)",
      doc: "1 cluster, 2 standalone. Changing it replaces the instance.",
    },
    // Grows in place (UpgradeRedis); the check refuses a shrink.
    memSize: {
      type: int,
      on: "update",
      step: "upgrade",
      required: true,
      output: true,
      onSale: true,
      priced: true,
      doc: "Capacity in MB, a multiple of 1024. Grows in place (UpgradeRedis); the API cannot shrink.",
    },
    period: {
      type: int,
      on: "state",
      default: 1,
      priced: true,
      doc: "Months bought at creation: 1-12, 24 or 36. Default 1. Later renewals follow `paidThrough`.",
    },
    password: {
      type: text,
      on: "update",
      step: "password",
      required: true,
      secret: true,
      output: true,
      // DescribeRedis never reports it: an imported instance takes the declared one as its current password.
      unreadable: true,
      doc: "8-16 characters of at least two kinds (letters, numbers, `!@#%^*()`). Stored as a secret.",
    },
    name: {
      type: text,
      on: "update",
      step: "rename",
      absentKeeps: true,
      output: true,
      doc:
        "The instance's name: 1-36 letters, digits, `_` or `-`. Changes in place (ModifyRedisName). When absent, an " +
        "instance the provider buys is named after the resource.",
    },
    projectId: {
      type: int,
      on: "update",
      step: "moveProject",
      absentKeeps: true,
      output: true,
      doc: "The project the instance belongs to. Changes in place (ModifyRedisProject).",
    },
    vpcId: {
      type: text,
      on: "replace",
      doc: "VPC id such as `vpc-kd7d06of`; empty for the basic network. Changing it replaces the instance.",
    },
    subnetId: {
      type: text,
      on: "replace",
      doc: "Subnet id such as `subnet-3lzksp0`; needs `vpcId`. Changing it replaces the instance.",
    },
    autoRenew: {
      type: oneOf(0, 1, 2),
      on: "update",
      step: "autoRenew",
      absentKeeps: true,
      output: true,
      typeRule: "autoRenew must be 0 (notify), 1 (auto-renew) or 2 (neither)",
      doc: "As SetRedisAutoRenew: 0 notify at expiry, 1 renew automatically, 2 neither.",
    },
    paidThrough: {
      type: text,
      on: "update",
      step: "renew",
      priced: true,
      doc:
        "A date (YYYY-MM-DD, China Standard Time): the instance is kept paid through it, at creation (renewals right " +
        "after delivery) and later (renew until the deadline reaches it; nothing when it already does). At most 36 " +
        "months after today.",
    },
    restoreBackupId: {
      type: text,
      on: "update",
      step: "restore",
      doc: "Restore from this backup once, whenever the value changes (RestoreInstance).",
    },
    finalBackup: {
      type: bool,
      on: "state",
      doc: "Back the data up (ManualBackupInstance) before the resource is deleted.",
    },
    clearOnDelete: { type: bool, on: "state", doc: "Wipe the data (ClearRedis) when the resource is deleted." },
    // Adoption buys nothing: whether it is set decides what a create orders.
    adoptInstanceId: {
      type: text,
      on: "state",
      priced: true,
      doc:
        "Take over an existing instance instead of buying one: it is verified, given the declared " +
        "name/project/auto-renew, and recorded; nothing is bought. With the plugin, `pulumi import` is the usual way " +
        "to take over an instance; the dynamic provider cannot import, and this input is its way.",
    },
    ignoreInstanceIds: {
      type: texts,
      on: "state",
      doc:
        "Instances a create may leave alone. With no journal of an earlier attempt (a new CI runner, a deleted " +
        "journal folder), a create refuses to buy while the account holds a recent, still unnamed instance of the " +
        "declared shape (an interrupted run may have bought it) and names it: adopt it with `adoptInstanceId`, or " +
        "list it here to buy a new instance anyway.",
    },
    waitTimeoutSeconds: {
      type: positive,
      on: "state",
      doc:
        "How long one wait for the cloud (an order, a task, the instance becoming ready) may take, in seconds. " +
        "Default: stack config `tencentcloud-redis:waitTimeoutSeconds`, else 1800. With the plugin, `customTimeouts` " +
        "bound the whole operation when set, and this bounds each wait; the dynamic provider receives no " +
        "`customTimeouts`, so there this is the only bound.",
    },
    maxOrderPrice: {
      type: nonNegative,
      on: "state",
      doc:
        "The most one order of this instance (a purchase, a renewal, an upgrade) may cost, in yuan (e.g. 100 or " +
        "99.50). An order above it is refused at preview, with its price, and again at `up` before it is sent. " +
        "Default: stack config `tencentcloud-redis:maxOrderPrice`, else no limit. Changing it changes nothing in the " +
        "cloud.",
    },
  },
  outputs: {
    instanceId: { type: text, doc: "The CRS instance id (`crs-...`); also the resource id." },
    host: { type: text, doc: "Address clients connect to." },
    port: { type: int, doc: "Port clients connect to." },
    status: { type: int, movedBy: ["paidThrough"], doc: "0 to be initialised, 1 in process, 2 running, -2 isolated." },
    deadline: { type: text, movedBy: ["paidThrough"], doc: "Expiry time as the API prints it (China Standard Time)." },
    createTime: { type: text, doc: "Creation time as the API prints it (China Standard Time)." },
    sizeUsed: { type: int, movedBy: "any", doc: "Used capacity in MB at the last read." },
  },
} as const satisfies Model;

/** The inputs of an Instance as the provider receives them (after `check`). @internal */
export type InstanceInputs = InputsOf<typeof instanceModel>;
/**
 * The inputs as `create` and `update` receive them: the model's, plus the provider's own `__` keys (the purchase key,
 * work in flight), which stay untyped.
 * @internal
 */
export type InstanceProps = InstanceInputs & Record<string, unknown>;
/** An Instance's state: its inputs and outputs, plus the provider's own keys. @internal */
export type InstanceState = Partial<InstanceInputs & InstanceOutputs> & Record<string, unknown>;
/** What an Instance adds to its inputs, read from DescribeRedis. @internal */
export type InstanceOutputs = OutputsOf<typeof instanceModel>;

/** The inputs the catalogue judges. @internal */
export type SaleKey = {
  [K in keyof typeof instanceModel.inputs]: (typeof instanceModel.inputs)[K] extends { onSale: true } ? K : never;
}[keyof typeof instanceModel.inputs];

/** The in-place step that changes each field (plan.ts runs them in its order). @internal */
export type StepKind = NonNullable<
  {
    [K in keyof typeof instanceModel.inputs]: (typeof instanceModel.inputs)[K] extends { step: infer S } ? S : never;
  }[keyof typeof instanceModel.inputs]
>;

/** The input a step changes. @internal */
export function stepField(kind: StepKind): keyof InstanceInputs {
  for (const [k, f] of Object.entries(instanceModel.inputs)) {
    if ("step" in f && f.step === kind) return k as keyof InstanceInputs;
  }
  throw new TypeError(`no input changes by step ${kind}`);
}

/** Where each output comes from in DescribeRedis. @internal */
export const outputsFromCloud: { [K in keyof InstanceOutputs]: (r: RedisInstance) => unknown } = {
  instanceId: (r) => r.redisId,
  host: (r) => r.wanIp,
  port: (r) => r.port,
  status: (r) => r.status,
  deadline: (r) => r.deadlineTime,
  createTime: (r) => r.createTime,
  sizeUsed: (r) => r.sizeUsed,
};

/**
 * The inputs DescribeRedis reports, and what a refresh does with each: `always` writes the cloud's value into the
 * inputs, so the next preview diffs the program against what the cloud really has and `up` puts it back; `declared`
 * only when the program declares the input (an undeclared name is the cloud's to choose); `never` for what a refresh
 * leaves alone (what replaces the instance). An import (a read with no state) takes every one of them.
 * @internal
 */
export const inputsFromCloud: {
  [K in keyof InstanceInputs]?: { from: (r: RedisInstance) => unknown; refresh: "always" | "declared" | "never" };
} = {
  zoneId: { from: (r) => r.zoneId, refresh: "never" },
  typeId: { from: (r) => r.typeId, refresh: "never" },
  memSize: { from: (r) => r.size, refresh: "always" },
  name: { from: (r) => r.redisName, refresh: "declared" },
  projectId: { from: (r) => r.projectId, refresh: "declared" },
  // The basic network reports no VPC (or an empty id): the input stays absent then, as a program would leave it.
  vpcId: { from: (r) => r.unVpcId || undefined, refresh: "never" },
  subnetId: { from: (r) => r.unSubnetId || undefined, refresh: "never" },
  autoRenew: { from: (r) => r.autoRenewFlag, refresh: "declared" },
};
