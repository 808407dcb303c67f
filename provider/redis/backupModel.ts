import { bool, type InputsOf, int, type Model, type OutputsOf, positive, text } from "../model/field";

/**
 * The Backup, declared once (see instanceModel.ts for the Instance): a backup is a point in time, so another
 * instance or remark means another backup; `export` and the wait bound change in place.
 * @internal
 */
export const backupModel = {
  inputs: {
    instanceId: { type: text, on: "replace", required: true, output: true },
    remark: { type: text, on: "replace", output: "optional" },
    export: { type: bool, on: "update" },
    waitTimeoutSeconds: { type: positive, on: "state" },
  },
  outputs: {
    /** The backup id, also the resource id. */
    backupId: { type: text },
    startTime: { type: text },
    /** As GetRedisBackupList: 1 locked, 2 normal, -1 expired, 3 exporting, 4 exported. */
    status: { type: int },
    /** "manual" or "auto" (from GetRedisBackupList's backupType). */
    backupType: { type: text },
    /** The download URL when `export` is true (secret; valid 12 hours). */
    downloadUrl: { type: text, secret: true, optional: true },
  },
} as const satisfies Model;

/** @internal */
export type BackupInputs = InputsOf<typeof backupModel>;
/** @internal */
export type BackupOutputs = OutputsOf<typeof backupModel>;
/**
 * The inputs as `create` and `update` receive them (after `check`): the model's, plus the class's `__logName`, which
 * stays untyped.
 * @internal
 */
export type BackupProps = BackupInputs & Record<string, unknown>;
/**
 * A Backup's state: its inputs, the outputs GetRedisBackupList gave (its start time and type may be missing), when the
 * download URL was fetched (it lives 12 hours), and the provider's own keys.
 * @internal
 */
export type BackupState = BackupInputs & Partial<BackupOutputs> & { urlFetchedAt?: number } & Record<string, unknown>;
