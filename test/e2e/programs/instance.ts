import * as pulumi from "@pulumi/pulumi";
import { Backup, Instance } from "pulumi-tencentcloud-redis";

/**
 * The e2e program: one instance (and optionally a backup of it) whose every input comes from stack config, so a test
 * changes one field with `--config` and watches `preview` and `up`.
 */
export = async () => {
  const c = new pulumi.Config();
  const opt = <T>(v: T | undefined): T | undefined => (v === undefined ? undefined : v);
  const cache = new Instance(c.get("resourceName") ?? "cache", {
    zoneId: c.getNumber("zoneId") ?? 100002,
    typeId: (c.getNumber("typeId") ?? 2) as 1 | 2,
    memSize: c.getNumber("memSize") ?? 1024,
    period: opt(c.getNumber("period")),
    password: c.requireSecret("redisPassword"),
    name: opt(c.get("name")),
    projectId: opt(c.getNumber("projectId")),
    autoRenew: opt(c.getNumber("autoRenew")) as 0 | 1 | 2 | undefined,
    paidThrough: opt(c.get("paidThrough")),
    restoreBackupId: opt(c.get("restoreBackupId")),
    finalBackup: opt(c.getBoolean("finalBackup")),
    clearOnDelete: opt(c.getBoolean("clearOnDelete")),
    adoptInstanceId: opt(c.get("adoptInstanceId")),
    ignoreInstanceIds: opt(c.getObject<string[]>("ignoreInstanceIds")),
    waitTimeoutSeconds: opt(c.getNumber("waitTimeoutSeconds")),
    // Not `maxOrderPrice`: in this project (tencentcloud-redis) that key is the provider's stack-wide limit.
    maxOrderPrice: opt(c.getNumber("instanceMaxOrderPrice")),
  });
  const outputs: Record<string, unknown> = {
    instanceId: cache.instanceId,
    host: cache.host,
    port: cache.port,
    status: cache.status,
    name: cache.name,
    memSize: cache.memSize,
    deadline: cache.deadline,
    password: cache.password,
  };
  if (c.getBoolean("withBackup")) {
    const snap = new Backup("snap", {
      instanceId: cache.instanceId,
      remark: c.get("backupRemark") ?? "e2e",
      export: c.getBoolean("exportBackup") ?? false,
    });
    outputs.backupId = snap.backupId;
    outputs.backupStatus = snap.status;
    outputs.downloadUrl = snap.downloadUrl;
  }
  return outputs;
};
