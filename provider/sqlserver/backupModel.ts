import { type InputsOf, int, type Model, type OutputsOf, oneOf, positive, text, texts } from "../model/field";

/**
 * The SQL Server backup, declared once (see redis/instanceModel.ts): every input but the wait bound makes another
 * backup.
 * @internal
 */
export const sqlBackupModel = {
  inputs: {
    instanceId: {
      type: text,
      on: "replace",
      required: true,
      output: true,
      doc: "The SQL Server instance, e.g. `mssql-i1z41iwd`. Changing it makes a new backup.",
    },
    strategy: {
      type: oneOf(0, 1),
      on: "replace",
      output: true,
      default: 0,
      doc: "0: back up the whole instance; 1: back up the databases in `dbNames`. Default 0. Changing it makes a new backup.",
    },
    dbNames: {
      type: texts,
      on: "replace",
      output: "optional",
      doc: "Databases to back up; required with strategy 1, refused with strategy 0. Changing it makes a new backup.",
    },
    waitTimeoutSeconds: {
      type: positive,
      on: "state",
      doc:
        "Bound for the wait on the backup flow, in seconds (default: stack config " +
        "`tencentcloud-redis:waitTimeoutSeconds`, else 1800). With the plugin, `customTimeouts` bound the whole " +
        "operation when set, and this bounds the wait.",
    },
  },
  outputs: {
    flowId: { type: int, doc: "The asynchronous flow id CreateBackup returned." },
    status: {
      type: text,
      movedBy: "any",
      doc:
        '"succeeded" once the flow has finished; a refresh reads it again from DescribeFlowStatus ("running", ' +
        '"failed") and drops the resource when the cloud no longer knows the flow. "unknown" when CreateBackup\'s ' +
        "answer was lost: the provider never sends it again for this resource (see the error it reports).",
    },
  },
} as const satisfies Model;

/** @internal */
export type SqlBackupInputs = InputsOf<typeof sqlBackupModel>;
/** @internal */
export type SqlBackupOutputs = OutputsOf<typeof sqlBackupModel>;
/**
 * The inputs as `create` and `update` receive them (after `check`, which fills in the strategy): the model's, plus the
 * class's `__logName`, which stays untyped.
 * @internal
 */
export type SqlBackupProps = SqlBackupInputs & Record<string, unknown>;
/**
 * A SQL Server backup's state: its inputs and outputs (no flow id when CreateBackup's answer was lost, and then when
 * that happened), and the provider's own keys.
 * @internal
 */
export type SqlBackupState = SqlBackupInputs &
  Partial<SqlBackupOutputs> & { answerLostAt?: string } & Record<string, unknown>;
