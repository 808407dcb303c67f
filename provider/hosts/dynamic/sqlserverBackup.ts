import * as pulumi from "@pulumi/pulumi";
import { type DeclaredOutputs, resourceProps, type SameKeys } from "../../model/derive";
import { type SqlBackupInputs, sqlBackupModel } from "../../sqlserver/backupModel";
import { providerStub } from "./stub";

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

type ArgsMatchModel = SameKeys<BackupArgs, SqlBackupInputs>;

/**
 * A SQL Server backup made with the API 3.0 action CreateBackup (version 2018-03-28); creation waits for its flow
 * (DescribeFlowStatus) to finish. CreateBackup is sent at most once. Deleting the resource forgets it (this API version
 * deletes no backup). Its outputs are declared in backupModel.ts.
 */
// A compile error here ("false does not satisfy true") means BackupArgs and the model's inputs differ.
export interface Backup extends DeclaredOutputs<typeof sqlBackupModel, ArgsMatchModel> {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the SDK makes these properties (one per key handed to it)
export class Backup extends pulumi.dynamic.Resource {
  /**
   * @param name - the Pulumi resource name
   * @param args - the instance and what to back up
   * @param opts - resource options
   */
  constructor(name: string, args: BackupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerStub("sqlserverBackup"),
      name,
      // `__logName` is for the provider's lines (its host does not know which resource a call is for); diff ignores it.
      resourceProps(sqlBackupModel, { ...args }, pulumi.secret, { __logName: name }),
      opts,
      "tencentcloud-redis",
      "SqlServerBackup",
    );
  }
}
