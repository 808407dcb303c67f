import * as pulumi from "@pulumi/pulumi";
import { Backup, getInstanceBackups, getTasks, getZonesOutput, Instance } from "pulumi-tencentcloud-redis";

/**
 * The catalogue/functions e2e program: one instance whose zone and size come from config, with `withBackups` two
 * Backups of it, and with `withFunctions` the results of getZones, getInstanceBackups and getTasks as outputs (read
 * after both backups exist).
 */
export = async () => {
  const c = new pulumi.Config();
  const cache = new Instance("cache", {
    zoneId: c.getNumber("zoneId") ?? 100002,
    typeId: 2,
    memSize: c.getNumber("memSize") ?? 1024,
    password: c.requireSecret("redisPassword"),
    name: "e2e-catalogue",
  });
  const outputs: Record<string, unknown> = { instanceId: cache.instanceId };
  if (!c.getBoolean("withBackups")) return outputs;
  const first = new Backup("first", { instanceId: cache.instanceId, remark: "first" });
  const second = new Backup("second", { instanceId: cache.instanceId, remark: "second" });
  for (const [k, b] of [
    ["first", first],
    ["second", second],
  ] as const) {
    Object.assign(outputs, {
      [`${k}Id`]: b.backupId,
      [`${k}Status`]: b.status,
      [`${k}StartTime`]: b.startTime,
      [`${k}Type`]: b.backupType,
    });
  }
  if (c.getBoolean("withFunctions")) {
    const both = pulumi.all([cache.instanceId, first.backupId, second.backupId]);
    outputs.zones = getZonesOutput().zones;
    outputs.backups = both.apply(([id]) => getInstanceBackups({ instanceId: id })).backups;
    outputs.tasks = both.apply(([id]) => getTasks({ instanceId: id, taskType: ["task_backupInstance"] })).tasks;
  }
  return outputs;
};
