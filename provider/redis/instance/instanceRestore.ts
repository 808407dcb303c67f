/* RestoreInstance, sent at most once per declared backup. */

import * as api from "../../api";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import type { OrderContext } from "../orders/orders";
import type { RedisView } from "../reads/instanceReads";
import { lookForTask } from "../reads/taskLookup";
import { waitTask } from "../reads/waits";
import type { InstanceProps, InstanceState } from "../rules/instanceModel";

/** A RestoreInstance whose answer was lost and whose task has not shown: the state keeps when it was sent. */
export class UnconfirmedRestoreError extends ProviderError {
  override readonly name = "UnconfirmedRestoreError";
  constructor(
    readonly sent: { backupId: string; sentAt: number },
    cause: unknown,
  ) {
    super(
      `RestoreInstance from backup ${sent.backupId} may have been carried out (its answer was lost: ` +
        `${cause instanceof Error ? cause.message : String(cause)}) and no restore task has shown yet. It is not ` +
        "sent again now: the next `pulumi up` looks for its task first and sends it only if none ever started.",
      { cause, action: "RestoreInstance", retryable: true },
    );
  }
}

export const RESTORE_SENT = "__restoreSent";

/**
 * RestoreInstance is sent at most once per declared backup: a second restore would lose what was written since the
 * first. After a lost answer the task list tells whether it ran.
 */
export async function restore(
  ctx: OrderContext,
  r: RedisView,
  backupId: string,
  olds: InstanceState,
  news: InstanceProps,
): Promise<RedisView> {
  const id = r.redisId;
  const earlier = olds[RESTORE_SENT] as { backupId?: string; sentAt?: number } | undefined;
  if (earlier?.backupId === backupId && typeof earlier.sentAt === "number") {
    if ((await lookForTask(ctx, id, "task_restoreBackup", earlier.sentAt)) === "done") {
      ctx.log(`the restore of ${id} from ${backupId} sent by an earlier run finished; not restoring again`);
      return r;
    }
    ctx.log(`the earlier RestoreInstance of ${id} left no task: it was not carried out; sending it now`);
  }
  ctx.log(`restoring ${id} from backup ${backupId}`);
  const sentAt = processClock().now();
  let taskId: number;
  try {
    ({ requestId: taskId } = await api.restoreInstance(ctx.client, {
      redisId: id,
      backupId,
      password: news.password,
    }));
  } catch (err) {
    if (!(err instanceof api.AmbiguousPurchaseError)) throw err;
    if ((await lookForTask(ctx, id, "task_restoreBackup", sentAt)) === "done") return r;
    throw new UnconfirmedRestoreError({ backupId, sentAt }, err);
  }
  await waitTask(ctx, taskId, { kind: "restore", what: `restore ${id} from ${backupId}` });
  return r;
}
