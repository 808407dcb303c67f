import * as pulumi from "@pulumi/pulumi";
import { type DeclaredOutputs, resourceProps, type SameKeys, secretKeyList, type Writable } from "../../model/derive";
import { purchaseKey } from "../../redis/reads/props";
import { type InstanceInputs, instanceModel } from "../../redis/rules/instanceModel";
import { idOutput, liveInPreview } from "./previewOutputs";
import { providerStub } from "./stub";

/** Inputs of {@link Instance}. */
export interface InstanceArgs {
  /** Availability zone id, e.g. 100002 (Guangzhou Zone 2). Changing it replaces the instance. */
  zoneId: pulumi.Input<number>;
  /** 1 cluster, 2 standalone. Changing it replaces the instance. */
  typeId: pulumi.Input<1 | 2>;
  /** Capacity in MB, a multiple of 1024. Grows in place (UpgradeRedis); the API cannot shrink. */
  memSize: pulumi.Input<number>;
  /** Months bought at creation: 1-12, 24 or 36. Default 1. Later renewals follow `paidThrough`. */
  period?: pulumi.Input<number>;
  /** 8-16 characters of at least two kinds (letters, numbers, `!@#%^*()`). Stored as a secret. */
  password: pulumi.Input<string>;
  /** 1-36 letters, digits, `_` or `-`. */
  name?: pulumi.Input<string>;
  projectId?: pulumi.Input<number>;
  /** VPC id such as `vpc-kd7d06of`; empty for the basic network. Changing it replaces the instance. */
  vpcId?: pulumi.Input<string>;
  /** Subnet id such as `subnet-3lzksp0`; needs `vpcId`. Changing it replaces the instance. */
  subnetId?: pulumi.Input<string>;
  /** As SetRedisAutoRenew: 0 notify at expiry, 1 renew automatically, 2 neither. */
  autoRenew?: pulumi.Input<0 | 1 | 2>;
  /**
   * A date (YYYY-MM-DD, China Standard Time): the instance is kept paid through it, at creation (renewals right
   * after delivery) and later (renew until the deadline reaches it; nothing when it already does). At most 36 months
   * after today.
   */
  paidThrough?: pulumi.Input<string>;
  /** Restore from this backup once, whenever the value changes (RestoreInstance). */
  restoreBackupId?: pulumi.Input<string>;
  /** Back the data up (ManualBackupInstance) before the resource is deleted. */
  finalBackup?: pulumi.Input<boolean>;
  /** Wipe the data (ClearRedis) when the resource is deleted. */
  clearOnDelete?: pulumi.Input<boolean>;
  /**
   * Take over an existing instance instead of buying one (`pulumi import` cannot work for dynamic providers).
   * The instance is verified, given the declared name/project/auto-renew, and recorded; nothing is bought.
   */
  adoptInstanceId?: pulumi.Input<string>;
  /**
   * Instances a create may leave alone. With no journal of an earlier attempt (a new CI runner, a deleted journal
   * folder), a create refuses to buy while the account holds a recent, still unnamed instance of the declared shape
   * (an interrupted run may have bought it) and names it: adopt it with `adoptInstanceId`, or list it here to buy a
   * new instance anyway.
   */
  ignoreInstanceIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * How long one wait for the cloud (an order, a task, the instance becoming ready) may take, in seconds.
   * Dynamic providers do not receive `customTimeouts`; this is the bound. Default: stack config
   * `tencentcloud-redis:waitTimeoutSeconds`, else 1800.
   */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * The most one order of this instance (a purchase, a renewal, an upgrade) may cost, in yuan (e.g. 100 or 99.50). An
   * order above it is refused at preview, with its price, and again at `up` before it is sent. Default: stack config
   * `tencentcloud-redis:maxOrderPrice`, else no limit. Changing it changes nothing in the cloud.
   */
  maxOrderPrice?: pulumi.Input<number>;
}

/** What the program's inputs must be: the model's inputs, no more, no fewer (checked by the compiler). */
type ArgsMatchModel = SameKeys<InstanceArgs, InstanceInputs>;
const SECRETS = secretKeyList(instanceModel);

/**
 * A Tencent Cloud Redis (CRS) instance. Creation buys it (CreateRedis) and waits for the order and the instance;
 * changes to name, project, auto-renew, password, capacity, paid-through date and restore happen in place.
 * Deleting it cannot delete a prepaid instance (the API has none): auto-renew is set to 2 so it lapses at its deadline.
 * Its outputs are declared in the model (instanceModel.ts): the inputs marked `output` and what the cloud reports.
 */
// A compile error here ("false does not satisfy true") means InstanceArgs and the model's inputs differ.
export interface Instance extends DeclaredOutputs<typeof instanceModel, ArgsMatchModel> {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the SDK makes these properties (one per key handed to it)
export class Instance extends pulumi.dynamic.Resource {
  /**
   * @param name - the Pulumi resource name
   * @param args - the instance's inputs; `password` is made a secret if it is not one already
   * @param opts - resource options (`customTimeouts` are not honoured by dynamic providers: use `waitTimeoutSeconds`)
   */
  constructor(name: string, args: InstanceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("instance"),
      name,
      resourceProps(instanceModel, { ...args }, pulumi.secret, {
        // Identifies the purchase across runs, so a create that was cut off finds its instance instead of buying again.
        __purchaseKey: purchaseKey(pulumi.getProject(), pulumi.getStack(), name),
      }),
      { ...opts, additionalSecretOutputs: [...SECRETS, ...(opts?.additionalSecretOutputs ?? [])] },
      "tencentcloud-redis",
      "Instance",
    );
    // Known while an update is previewed, so dependents are not shown as replaced (see previewOutputs.ts).
    const own = this as Writable<Instance>;
    own.instanceId = idOutput(this.id, this.instanceId);
    own.host = liveInPreview(this.id, this.host, (a) => a.host);
    own.port = liveInPreview(this.id, this.port, (a) => a.port);
  }
}
