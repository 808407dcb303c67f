/* An Instance's delete: the API has none for a prepaid instance, so it finishes open orders and lets it lapse. */

import * as api from "../../api";
import { processClock } from "../../clock";
import { ProviderError } from "../../errors";
import { takeBackup } from "../backup/backupTaking";
import { settlePurchase } from "../orders/journal";
import { type OrderContext, resumeOrders } from "../orders/orders";
import { describeOne } from "../reads/instanceReads";
import { lookForTask } from "../reads/taskLookup";
import { waitTask } from "../reads/waits";
import type { InstanceState } from "../rules/instanceModel";
import { describeHolder, heldByAnother, releaseHolder } from "./instanceHolder";
import { orderContext, resolveId } from "./instanceState";

/** ClearRedis on delete; after a lost answer its task tells whether the data was wiped. */
async function clearData(ctx: OrderContext, id: string, password: string): Promise<void> {
  const sentAt = processClock().now();
  ctx.log(`clearing the data of ${id}`);
  try {
    const { requestId: taskId } = await api.clearRedis(ctx.client, { redisId: id, password });
    await waitTask(ctx, taskId, { kind: "clear", what: `clear ${id}` });
  } catch (err) {
    if (!(err instanceof api.AmbiguousPurchaseError)) throw err;
    if ((await lookForTask(ctx, id, "task_cleanInstance", sentAt)) === "absent") {
      throw new ProviderError(
        `ClearRedis of ${id} lost its answer and no clear task started: the data is not wiped yet. ` +
          "Run `pulumi destroy` again to clear it.",
        { cause: err },
      );
    }
  }
}

export async function remove(id: string, props: InstanceState): Promise<void> {
  const ctx = orderContext(props);
  id = await resolveId(ctx, id, props);
  settlePurchase(props, id);
  const holder = heldByAnother(id, props.__purchaseKey);
  if (holder) {
    ctx.log(
      `instance ${id} is now held by ${describeHolder(holder)}: this delete only takes this resource out of the ` +
        "state; nothing in the cloud is changed (auto-renew, data and deadline stay as they are)",
    );
    return;
  }
  const r = await describeOne(ctx, id);
  if (!r) {
    ctx.log(`instance ${id} is already gone`);
    releaseHolder(id);
    return;
  }
  // Orders still open are paid for: wait for them, so the instance's last state is the one that was bought.
  await resumeOrders(ctx, id, props);
  const password = props.password ?? "";
  if (props.finalBackup === true) {
    // The same matching as the Backup resource (list before and after), so the logged id is the one just made.
    const backup = await takeBackup(ctx, id, "pulumi final backup");
    ctx.log(`final backup of ${id}: ${backup.backupId}, kept by the cloud for 7 days`);
  }
  if (props.clearOnDelete === true) await clearData(ctx, id, password);
  // The 2017 API cannot delete a prepaid instance: it stops renewing and lapses at its deadline.
  if (r.autoRenewFlag !== 2) await api.setRedisAutoRenew(ctx.client, { redisIds: [id], isAutoRenew: 2 });
  releaseHolder(id);
  ctx.log(
    `instance ${id} is no longer managed; the CRS API has no delete, so it keeps running until its deadline ` +
      `${r.deadlineTime} and then lapses (auto-renew set to 2)`,
  );
}
