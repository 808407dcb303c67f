import { type InputsOf, int, type Model, type OutputsOf, oneOf, positive, text, texts } from "../model/field";

/**
 * The SQL Server backup, declared once (see redis/instanceModel.ts): every input but the wait bound makes another
 * backup.
 * @internal
 */
export const sqlBackupModel = {
  inputs: {
    instanceId: { type: text, on: "replace", required: true, output: true },
    strategy: { type: oneOf(0, 1), on: "replace", output: true, default: 0 },
    dbNames: { type: texts, on: "replace", output: "optional" },
    waitTimeoutSeconds: { type: positive, on: "state" },
  },
  outputs: {
    /** The asynchronous flow id CreateBackup returned. */
    flowId: { type: int },
    /**
     * "succeeded" once the flow has finished; a refresh reads it again from DescribeFlowStatus ("running", "failed")
     * and drops the resource when the cloud no longer knows the flow. "unknown" when CreateBackup's answer was lost:
     * the provider never sends it again for this resource (see the error it reports).
     */
    status: { type: text },
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
