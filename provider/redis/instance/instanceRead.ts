/* An Instance's refresh: the id of a delivered create, the outputs, and the drift of what the cloud owns. */

import type * as pulumi from "@pulumi/pulumi";
import { settlePurchase } from "../orders/journal";
import { describeForRefresh } from "../reads/instanceReads";
import { PENDING_DEAL_PREFIX, type Props, str, without } from "../reads/props";
import { type InstanceState, inputsFromCloud } from "../rules/instanceModel";
import { confirmHolder, recordHolder } from "./instanceHolder";
import { deliveredNow, IN_FLIGHT_KEYS, OUTPUT_KEYS, orderContext, outputsOf } from "./instanceState";

export async function read(id: string, props: InstanceState): Promise<pulumi.dynamic.ReadResult<InstanceState>> {
  const ctx = orderContext(props);
  let realId = id;
  if (id.startsWith(PENDING_DEAL_PREFIX)) {
    // A refresh may change the id: an interrupted create whose deal was delivered gets its instance id now.
    const delivered =
      props.instanceId ?? (await deliveredNow(ctx, str(props.__dealId) ?? id.slice(PENDING_DEAL_PREFIX.length)));
    if (!delivered) {
      ctx.log(`the create order behind ${id} is not delivered yet; refresh keeps it, the next up waits for it`);
      return { id, props };
    }
    realId = delivered;
  }
  settlePurchase(props, realId);
  const r = await describeForRefresh(ctx, realId);
  // An import: no state yet, so every input the cloud reports is the resource's (the password, which it never reports,
  // is taken as the program declares it: instanceModel.ts `unreadable`).
  const importing = props.zoneId === undefined && props.instanceId === undefined;
  if (!r) {
    ctx.log(
      importing
        ? `DescribeRedis knows no instance ${realId}`
        : `instance ${realId} no longer exists; it leaves the state`,
    );
    return { id: "", props: {} };
  }
  if (r.status === -2)
    ctx.log(`instance ${realId} is isolated (status -2): it lapsed at ${r.deadlineTime}; renew it to use it`);
  // Drift in the fields the cloud owns shows up in `pulumi refresh`, and is written to the inputs too, so the next
  // \`pulumi preview\` diffs the program against what the cloud really has and \`up\` puts it back.
  const drift: Props = {};
  for (const [k, d] of Object.entries(inputsFromCloud)) {
    const v = d.from(r);
    const wanted = importing || d.refresh === "always" || (d.refresh === "declared" && props[k] !== undefined);
    if (v !== undefined && wanted) drift[k] = v;
  }
  if (importing) {
    ctx.log(`importing ${realId}: nothing is bought or changed`);
    recordHolder(realId, "import", props.__purchaseKey);
    return { id: realId, props: { ...props, ...drift, ...outputsOf(r) }, inputs: drift };
  }
  confirmHolder(realId, props.__purchaseKey);
  const inputs: Props = {};
  for (const [k, v] of Object.entries(props)) if (!OUTPUT_KEYS.has(k) && !IN_FLIGHT_KEYS.has(k)) inputs[k] = v;
  const kept = realId === id ? props : without(props, "__dealId");
  return { id: realId, props: { ...kept, ...outputsOf(r), ...drift }, inputs: { ...inputs, ...drift } };
}
