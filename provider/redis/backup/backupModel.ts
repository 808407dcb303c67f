import { bool, type InputsOf, int, type Model, type OutputsOf, positive, text } from "../../model/field";

/**
 * The Backup, declared once (see instanceModel.ts for the Instance): a backup is a point in time, so another
 * instance or remark means another backup; `export` and the wait bound change in place.
 * @internal
 */
export const backupModel = {
  inputs: {
    instanceId: {
      type: text,
      on: "replace",
      required: true,
      output: true,
      doc: "The CRS instance to back up (`crs-...`), e.g. an Instance's `instanceId`. Changing it makes a new backup.",
    },
    remark: {
      type: text,
      on: "replace",
      output: "optional",
      doc: "A note stored with the backup (ManualBackupInstance `remark`). Changing it makes a new backup.",
    },
    export: {
      type: bool,
      on: "update",
      doc:
        "Export the backup (ExportRedisBackup) and publish a download URL (GetBackupDownloadUrl) as the secret " +
        "output `downloadUrl`. The URL lives 12 hours; `pulumi refresh` fetches a fresh one.",
    },
    waitTimeoutSeconds: {
      type: positive,
      on: "state",
      doc:
        "Bound for each wait on the cloud, in seconds (default: stack config `tencentcloud-redis:waitTimeoutSeconds`, " +
        "else 1800). With the plugin, `customTimeouts` bound the whole operation when set, and this bounds each wait.",
    },
  },
  outputs: {
    backupId: { type: text, doc: "The backup id, also the resource id." },
    startTime: { type: text, doc: "When the backup started, as the API prints it (China Standard Time)." },
    status: {
      type: int,
      doc: "As GetRedisBackupList: 1 locked, 2 normal, -1 expired, 3 exporting, 4 exported.",
    },
    backupType: { type: text, doc: '"manual" or "auto" (from GetRedisBackupList\'s backupType).' },
    downloadUrl: {
      type: text,
      secret: true,
      optional: true,
      movedBy: ["export"],
      doc: "The download URL when `export` is true (secret; valid 12 hours).",
    },
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
