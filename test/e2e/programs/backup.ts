import * as pulumi from "@pulumi/pulumi";
import { Backup, Instance } from "pulumi-tencentcloud-redis";

/**
 * The backup e2e program: one standalone instance and, with `withBackup`, a Backup of it. Unlike instance.ts it also
 * exports the backup's type, and the instance's restore and final-backup switches come from config.
 */
export = async () => {
  const c = new pulumi.Config();
  const cache = new Instance("cache", {
    zoneId: 100002,
    typeId: (c.getNumber("typeId") ?? 2) as 1 | 2,
    memSize: 1024,
    password: c.requireSecret("redisPassword"),
    name: c.get("name") ?? "e2e-backup",
    restoreBackupId: c.get("restoreBackupId"),
    finalBackup: c.getBoolean("finalBackup"),
  });
  const outputs: Record<string, unknown> = { instanceId: cache.instanceId, host: cache.host, port: cache.port };
  if (c.getBoolean("withBackup")) {
    const snap = new Backup("snap", {
      instanceId: cache.instanceId,
      remark: c.get("backupRemark") ?? "e2e",
      export: c.getBoolean("exportBackup") ?? false,
    });
    Object.assign(outputs, {
      backupId: snap.backupId,
      backupStatus: snap.status,
      backupType: snap.backupType,
      downloadUrl: snap.downloadUrl,
    });
  }
  return outputs;
};
