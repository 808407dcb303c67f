import { type InputsOf, int, type Model, type OutputsOf, oneOf, positive, text, texts } from "../model/field";

/**
 * The SQL Server backup, declared once (see redis/instanceModel.ts): every input but the wait bound makes another
 * backup.
 * @internal
 */
export const sqlBackupModel = {
  inputs: {
    instanceId: { type: text, on: "replace", required: true, output: true },
    strategy: { type: oneOf(0, 1), on: "replace", output: true },
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
