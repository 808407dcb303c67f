import * as pulumi from "@pulumi/pulumi";
import { Backup, Instance } from "pulumi-tencentcloud-redis";

/**
 * Two Backups of one instance in one program (test/e2e/backupPair.test.ts): the engine creates them at the same
 * time, so each must still record its own backup. Their remarks come from config (`remarkA`, `remarkB`).
 */
export = async () => {
  const c = new pulumi.Config();
  const cache = new Instance("cache", {
    zoneId: 100002,
    typeId: 2,
    memSize: 1024,
    password: c.requireSecret("redisPassword"),
    name: "e2e-backup-pair",
  });
  const a = new Backup("snap-a", { instanceId: cache.instanceId, remark: c.require("remarkA") });
  const b = new Backup("snap-b", { instanceId: cache.instanceId, remark: c.require("remarkB") });
  return {
    instanceId: cache.instanceId,
    backupA: a.backupId,
    backupB: b.backupId,
    remarkA: a.remark,
    remarkB: b.remark,
  };
};
