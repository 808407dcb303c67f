import type { RedisInstance } from "../api";
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
} from "../model/field";

/**
 * The Instance, declared once: each field's type rule, what its change does, which are secret and which are
 * outputs. The check, the diff, the class's properties, `read`'s drift and the provider's types derive from here
 * (see model/). Adding an input is one line below plus its documentation in `InstanceArgs` (instance.ts), which the
 * compiler holds to the same keys.
 * @internal
 */
export const instanceModel = {
  inputs: {
    zoneId: { type: positiveInt, on: "replace", required: true, output: true, onSale: true, priced: true },
    typeId: {
      type: oneOf(1, 2),
      on: "replace",
      onSale: true,
      priced: true,
      required: true,
      output: true,
      typeRule: "typeId must be 1 (cluster) or 2 (standalone)",
    },
    // Grows in place (UpgradeRedis); the check refuses a shrink.
    memSize: { type: int, on: "update", step: "upgrade", required: true, output: true, onSale: true, priced: true },
    period: { type: int, on: "state", default: 1, priced: true },
    password: { type: text, on: "update", step: "password", required: true, secret: true, output: true },
    name: { type: text, on: "update", step: "rename", output: true },
    projectId: { type: int, on: "update", step: "moveProject", output: true },
    vpcId: { type: text, on: "replace" },
    subnetId: { type: text, on: "replace" },
    autoRenew: {
      type: oneOf(0, 1, 2),
      on: "update",
      step: "autoRenew",
      output: true,
      typeRule: "autoRenew must be 0 (notify), 1 (auto-renew) or 2 (neither)",
    },
    paidThrough: { type: text, on: "update", step: "renew", priced: true },
    restoreBackupId: { type: text, on: "update", step: "restore" },
    finalBackup: { type: bool, on: "state" },
    clearOnDelete: { type: bool, on: "state" },
    // Adoption buys nothing: whether it is set decides what a create orders.
    adoptInstanceId: { type: text, on: "state", priced: true },
    ignoreInstanceIds: { type: texts, on: "state" },
    waitTimeoutSeconds: { type: positive, on: "state" },
    maxOrderPrice: { type: nonNegative, on: "state" },
  },
  outputs: {
    /** The CRS instance id (`crs-...`); also the resource id. */
    instanceId: { type: text },
    /** Address clients connect to. */
    host: { type: text },
    port: { type: int },
    /** 0 to be initialised, 1 in process, 2 running, -2 isolated. */
    status: { type: int },
    /** Expiry time as the API prints it (China Standard Time). */
    deadline: { type: text },
    createTime: { type: text },
    /** Used capacity in MB at the last read. */
    sizeUsed: { type: int },
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
 * The inputs the cloud owns too, and where DescribeRedis reports them: `pulumi refresh` writes what the cloud has
 * into the inputs, so the next preview diffs the program against it and `up` puts it back. `declaredOnly`: only when
 * the program declares the input (an undeclared name is the cloud's to choose).
 * @internal
 */
export const driftFromCloud: {
  [K in keyof InstanceInputs]?: { from: (r: RedisInstance) => unknown; declaredOnly: boolean };
} = {
  name: { from: (r) => r.redisName, declaredOnly: true },
  projectId: { from: (r) => r.projectId, declaredOnly: true },
  memSize: { from: (r) => r.size, declaredOnly: false },
  autoRenew: { from: (r) => r.autoRenewFlag, declaredOnly: true },
};
