import * as pulumi from "@pulumi/pulumi";
import { Backup, Instance } from "pulumi-tencentcloud-redis";

/**
 * An instance, a manual backup of it exported with a download URL, and a restore driven by config:
 *
 *   pulumi up                                             # buys the instance, backs it up, exports the backup
 *   pulumi config set restoreFrom "$(pulumi stack output backupId)"
 *   pulumi up                                             # RestoreInstance once, from that backup
 *
 * Credentials and the endpoint come from TENCENTCLOUD_* (or the stack config `tencentcloud-redis:*`); the Redis
 * password from the secret config `redisPassword` (`pulumi config set --secret redisPassword`).
 */
export = async () => {
  const config = new pulumi.Config();
  const cache = new Instance("cache", {
    zoneId: config.getNumber("zoneId") ?? 100002,
    typeId: 2,
    memSize: 1024,
    period: 1,
    password: config.requireSecret("redisPassword"),
    name: "backups-example",
    restoreBackupId: config.get("restoreFrom"),
    finalBackup: true, // back up once more before the instance is let go
  });
  const nightly = new Backup("before-migration", {
    instanceId: cache.instanceId,
    remark: "before-migration",
    export: true, // ExportRedisBackup + GetBackupDownloadUrl; the URL is a secret output, valid 12 h
  });
  return {
    instanceId: cache.instanceId,
    host: cache.host,
    port: cache.port,
    backupId: nightly.backupId,
    backupStatus: nightly.status,
    downloadUrl: nightly.downloadUrl,
  };
};
