import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "../runtime/stub";

/** Inputs of {@link Backup} (SQL Server). */
export interface BackupArgs {
  /** The SQL Server instance, e.g. `mssql-i1z41iwd`. */
  instanceId: pulumi.Input<string>;
  /** 0: back up the whole instance; 1: back up the databases in `dbNames`. Default 0. */
  strategy?: pulumi.Input<0 | 1>;
  /** Databases to back up; required with strategy 1, refused with strategy 0. */
  dbNames?: pulumi.Input<pulumi.Input<string>[]>;
  /** Bound for the wait on the backup flow, in seconds (default 1800). */
  waitTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * A SQL Server backup made with the API 3.0 action CreateBackup (version 2018-03-28); creation waits for its flow
 * (DescribeFlowStatus) to finish. CreateBackup is sent at most once. Deleting the resource forgets it (this API version
 * deletes no backup).
 */
export class Backup extends pulumi.dynamic.Resource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly strategy: pulumi.Output<number>;
  declare readonly dbNames: pulumi.Output<string[] | undefined>;
  /** The asynchronous flow id CreateBackup returned. */
  declare readonly flowId: pulumi.Output<number>;
  /**
   * "succeeded" once the flow has finished; a refresh reads it again from DescribeFlowStatus ("running", "failed") and
   * drops the resource when the cloud no longer knows the flow. "unknown" when CreateBackup's answer was lost: the
   * provider never sends it again for this resource (see the error it reports).
   */
  declare readonly status: pulumi.Output<string>;

  /**
   * @param name - the Pulumi resource name
   * @param args - the instance and what to back up
   * @param opts - resource options
   */
  constructor(name: string, args: BackupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("sqlserverBackup"),
      name,
      // Declared outputs exist also without their optional inputs; `__logName` is for the provider's lines (its host
      // does not know which resource a call is for), and diff ignores it.
      { strategy: undefined, dbNames: undefined, ...args, flowId: undefined, status: undefined, __logName: name },
      opts,
      "tencentcloud-redis",
      "SqlServerBackup",
    );
  }
}
