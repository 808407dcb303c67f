import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "../runtime/stub";
import { idOutput } from "./previewOutputs";

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

/**
 * A manual backup of a CRS instance (ManualBackupInstance). The cloud keeps it 7 days and allows 24 manual backups
 * per instance per day. No API deletes a backup: deleting the resource only forgets it.
 */
export class Backup extends pulumi.dynamic.Resource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly remark: pulumi.Output<string | undefined>;
  /** The backup id, also the resource id. */
  declare readonly backupId: pulumi.Output<string>;
  declare readonly startTime: pulumi.Output<string>;
  /** As GetRedisBackupList: 1 locked, 2 normal, -1 expired, 3 exporting, 4 exported. */
  declare readonly status: pulumi.Output<number>;
  /** "manual" or "auto" (from GetRedisBackupList's backupType). */
  declare readonly backupType: pulumi.Output<string>;
  /** The download URL when `export` is true (secret; valid 12 hours). */
  declare readonly downloadUrl: pulumi.Output<string | undefined>;

  /**
   * @param name - the Pulumi resource name
   * @param args - which instance to back up, a remark, and whether to export it
   * @param opts - resource options
   */
  constructor(name: string, args: BackupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("backup"),
      name,
      {
        // `remark` exists as an output also when it is not given (the SDK makes properties only for the keys it gets).
        remark: undefined,
        ...args,
        backupId: undefined,
        startTime: undefined,
        status: undefined,
        backupType: undefined,
        downloadUrl: undefined,
        // For the provider's lines (its host does not know which resource a call is for); never compared by diff.
        __logName: name,
      },
      { ...opts, additionalSecretOutputs: ["downloadUrl", ...(opts?.additionalSecretOutputs ?? [])] },
      "tencentcloud-redis",
      "Backup",
    );
    // Known while an update is previewed, so dependents are not shown as replaced (see previewOutputs.ts).
    this.backupId = idOutput(this.id, this.backupId);
  }
}
