import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api";
import { processClock } from "../clock";
import { ProviderError } from "../errors";
import { resourceName } from "../redis/reads/props";
import { progressLogger, secondsSince } from "../redis/reads/waitLines";
import { callContext, userLine } from "../runtime/context";
import { defineProvider, type Gone } from "../runtime/defineProvider";
import { PartialError } from "../runtime/partial";
import { sqlBackupChecks } from "./backupChecks";
import type { SqlBackupProps, SqlBackupState } from "./backupModel";
import { createFlowPoller, flowStatusClass } from "./flows";

/** `status` of a backup whose CreateBackup answer was lost: whether it exists is not known. */
const UNKNOWN = "unknown";

/** DescribeFlowStatus's status as the resource's `status` output. */
function statusOf(flowStatus: number): string {
  const c = flowStatusClass(flowStatus);
  return c === "success" ? "succeeded" : c === "failure" ? "failed" : "running";
}

/**
 * The error of a backup whose CreateBackup answer was lost, with the state the engine keeps for the next `up`.
 * CreateBackup is sent at most once (a second call makes a second backup), and the flow id that would tell what
 * happened was in the lost answer. This API version as documented (CreateBackup, DescribeFlowStatus) lists no
 * backups, so the provider cannot look for it: it says so and never sends CreateBackup for this resource again.
 */
function lostAnswer(id: string, props: SqlBackupState, cause: unknown): PartialError {
  const instanceId = props.instanceId;
  const at = props.answerLostAt ?? "earlier";
  return new PartialError(
    `SQL Server CreateBackup of ${instanceId}: the answer was lost (${at}), so whether a backup was started is not ` +
      "known, and its flow id, which would tell, was in that answer. It was not sent again (a second call makes a " +
      "second backup), and the documented API lists no backups to look in. Look at the instance's backups in the " +
      "console; then `pulumi up --replace <this resource's URN>` makes a new backup, or `pulumi state delete <URN>` " +
      "forgets this one. Until then every `pulumi up` stops here again rather than back up twice.",
    id,
    props,
    cause,
  );
}

async function create(inputs: SqlBackupProps): Promise<pulumi.dynamic.CreateResult<SqlBackupState>> {
  const ctx = callContext(inputs.waitTimeoutSeconds, resourceName(inputs));
  const { instanceId, strategy } = inputs;
  // A program's null means "not given" (the check lets it through): CreateBackup gets no DBNames then.
  const dbNames = inputs.dbNames ?? undefined;
  const sentAt = new Date(processClock().now());
  let flowId: number;
  try {
    ({ flowId } = await api.createBackup(ctx.client, { instanceId, strategy, dbNames }));
  } catch (err) {
    if (err instanceof api.AmbiguousPurchaseError) {
      const props = { ...inputs, status: UNKNOWN, answerLostAt: sentAt.toISOString() };
      throw lostAnswer(`${instanceId}/answer-lost-${sentAt.getTime()}`, props, err);
    }
    throw err;
  }
  ctx.log(`SQL Server CreateBackup accepted: flow ${flowId}`);
  const state = { ...inputs, flowId };
  const label = `flow ${flowId} (backup of ${instanceId})`;
  const started = processClock().now();
  try {
    await createFlowPoller(ctx).wait(String(flowId), {
      deadlineMs: ctx.waitDeadline(),
      label,
      onProgress: progressLogger<{ status: number }>(ctx, label, (f) => `status ${f.status}`),
    });
    ctx.log(`${label} finished after ${secondsSince(started)}`);
  } catch (err) {
    // The backup was started: keep its flow in the state, so a refresh or the next `up` follows it, never sends again.
    throw PartialError.wrap(err, `${instanceId}/${flowId}`, { ...state, status: "running" });
  }
  return { id: `${instanceId}/${flowId}`, outs: { ...state, status: "succeeded" } };
}

/** Refresh: the backup's flow as the cloud reports it now; gone when the cloud no longer knows the flow. */
async function read(id: string, props: SqlBackupState): Promise<pulumi.dynamic.ReadResult<SqlBackupState> | Gone> {
  const { flowId } = props;
  if (props.instanceId === undefined) {
    // An import (a read with no state): DescribeFlowStatus tells a flow's status only, not which instance or
    // databases it backed up, so the inputs a program must declare cannot be read back. Refused, not guessed.
    throw new ProviderError(
      `cannot import SQL Server backup ${id}: the documented API (DescribeFlowStatus) reports a flow's status, not ` +
        "what it backed up (instance, strategy, databases), so the state could not say what the program declares. " +
        "Declare the backup in the program instead: a new one is made on `pulumi up`.",
    );
  }
  if (props.status === UNKNOWN || flowId === undefined) {
    // Nothing to look up (the answer with the flow id was lost): keep the state for the next `up` to report.
    return { id, props };
  }
  const ctx = callContext(props.waitTimeoutSeconds, resourceName(props));
  try {
    const { status } = await api.describeFlowStatus(ctx.client, { flowId });
    return { id, props: { ...props, status: statusOf(Number(status)) } };
  } catch (err) {
    if (err instanceof api.ServiceError && /^ResourceNotFound\b/.test(err.errorCode ?? "")) {
      ctx.log(`SQL Server backup ${id}: flow ${flowId} is no longer known (${err.errorCode}); it leaves the state`);
      return { id: "", props: {} };
    }
    throw err;
  }
}

async function update(
  id: string,
  olds: SqlBackupState,
  news: SqlBackupProps,
): Promise<pulumi.dynamic.UpdateResult<SqlBackupState>> {
  if (olds.status === UNKNOWN)
    throw lostAnswer(id, { ...news, status: UNKNOWN, answerLostAt: olds.answerLostAt }, undefined);
  if (olds.status === "running") {
    // An earlier `up` stopped waiting for the flow: wait again (the backup is not made twice).
    const ctx = callContext(news.waitTimeoutSeconds, resourceName(news));
    const { flowId } = olds;
    const base = { ...news, strategy: olds.strategy, flowId };
    try {
      await createFlowPoller(ctx).wait(String(flowId), {
        deadlineMs: ctx.waitDeadline(),
        label: `flow ${flowId} (backup of ${news.instanceId})`,
      });
    } catch (err) {
      throw PartialError.wrap(err, id, { ...base, status: "running" });
    }
    return { outs: { ...base, status: "succeeded" } };
  }
  // Only waitTimeoutSeconds can change without a replacement: the backup's outputs stay.
  return { outs: { ...news, strategy: olds.strategy, flowId: olds.flowId, status: olds.status } };
}

/** The SQL Server Backup provider as the dynamic-provider host calls it. @internal */
export const sqlserverBackupProvider = defineProvider<SqlBackupProps, SqlBackupState>({
  ...sqlBackupChecks,
  create,
  read,
  update,
  async delete(id, props) {
    userLine(`SQL Server backup ${id} is no longer managed; CreateBackup's API deletes nothing`, resourceName(props));
  },
});
