import * as pulumi from "@pulumi/pulumi";
import { Backup, Instance } from "pulumi-tencentcloud-redis";

/**
 * An instance with dependents, as a reviewer's pull request would change it: a Backup of it, and a second resource
 * (a trivial dynamic "endpoint" record) whose inputs come from the instance's and the backup's outputs. Every input
 * of the instance and the backup comes from stack config, so a test changes one field and compares preview with up.
 */
const recorder: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `endpoint-${inputs.instanceId}`, outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
};

class Endpoint extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, pulumi.Input<unknown>>) {
    super(recorder, name, args, {});
  }
}

export = async () => {
  const c = new pulumi.Config();
  const opt = <T>(v: T | undefined): T | undefined => v;
  const cache = new Instance("orders", {
    zoneId: 100002,
    typeId: 2,
    memSize: c.getNumber("memSize") ?? 1024,
    password: c.requireSecret("redisPassword"),
    name: opt(c.get("name")),
    projectId: opt(c.getNumber("projectId")),
    autoRenew: opt(c.getNumber("autoRenew")) as 0 | 1 | 2 | undefined,
    paidThrough: opt(c.get("paidThrough")),
    restoreBackupId: opt(c.get("restoreBackupId")),
  });
  const snap = new Backup("snap", {
    instanceId: cache.instanceId,
    remark: c.get("backupRemark") ?? "first",
    export: c.getBoolean("exportBackup") ?? false,
  });
  const endpoint = new Endpoint("endpoint", {
    instanceId: cache.instanceId,
    address: pulumi.interpolate`${cache.host}:${cache.port}`,
    backupId: snap.backupId,
  });
  return { instanceId: cache.instanceId, backupId: snap.backupId, endpoint: endpoint.id };
};
