import * as pulumi from "@pulumi/pulumi";
import { type DeclaredOutputs, resourceProps, type SameKeys, secretKeyList, type Writable } from "../../model/derive";
import { type BackupInputs, backupModel } from "../../redis/backup/backupModel";
import { idOutput } from "./previewOutputs";
import { providerStub } from "./stub";

/** Inputs of {@link Backup}. */
export interface BackupArgs {
  /** The CRS instance to back up (`crs-...`), e.g. `instance.instanceId`. Changing it makes a new backup. */
  instanceId: pulumi.Input<string>;
  /** A note stored with the backup (ManualBackupInstance `remark`). Changing it makes a new backup. */
  remark?: pulumi.Input<string>;
  /**
   * Export the backup (ExportRedisBackup) and publish a download URL (GetBackupDownloadUrl) as the secret output
   * `downloadUrl`. The URL lives 12 hours; `pulumi refresh` fetches a fresh one.
   */
  export?: pulumi.Input<boolean>;
  /** Bound for each wait on the cloud, in seconds (default: `tencentcloud-redis:waitTimeoutSeconds`, else 1800). */
  waitTimeoutSeconds?: pulumi.Input<number>;
}

type ArgsMatchModel = SameKeys<BackupArgs, BackupInputs>;
const SECRETS = secretKeyList(backupModel);

/**
 * A manual backup of a CRS instance (ManualBackupInstance). The cloud keeps it 7 days and allows 24 manual backups
 * per instance per day. No API deletes a backup: deleting the resource only forgets it. Its outputs are declared in
 * backupModel.ts.
 */
// A compile error here ("false does not satisfy true") means BackupArgs and the model's inputs differ.
export interface Backup extends DeclaredOutputs<typeof backupModel, ArgsMatchModel> {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the SDK makes these properties (one per key handed to it)
export class Backup extends pulumi.dynamic.Resource {
  /**
   * @param name - the Pulumi resource name
   * @param args - which instance to back up, a remark, and whether to export it
   * @param opts - resource options
   */
  constructor(name: string, args: BackupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("backup"),
      name,
      // `__logName` is for the provider's lines (its host does not know which resource a call is for); diff ignores it.
      resourceProps(backupModel, { ...args }, pulumi.secret, { __logName: name }),
      { ...opts, additionalSecretOutputs: [...SECRETS, ...(opts?.additionalSecretOutputs ?? [])] },
      "tencentcloud-redis",
      "Backup",
    );
    // Known while an update is previewed, so dependents are not shown as replaced (see previewOutputs.ts).
    (this as Writable<Backup>).backupId = idOutput(this.id, this.backupId);
  }
}
