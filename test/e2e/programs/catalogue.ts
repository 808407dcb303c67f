import * as pulumi from "@pulumi/pulumi";
import {
  Backup,
  getInstanceBackups,
  getInstancesOutput,
  getPrice,
  getPriceOutput,
  getProductsOutput,
  getTasks,
  getZonesOutput,
  Instance,
} from "pulumi-tencentcloud-redis";

/**
 * The catalogue/functions e2e program: one instance whose zone and size come from config, with `withBackups` two
 * Backups of it, and with `withFunctions` the results of every function as outputs: getZones, getProducts, getPrice
 * (a purchase, and an upgrade of the instance), getInstances, and getInstanceBackups and getTasks (read after both
 * backups exist).
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
    outputs.products = getProductsOutput({ zoneIds: [300001] }).zones;
    outputs.buyPrice = getPriceOutput({ order: "buy", zoneId: 100002, typeId: 1, memSize: 1024, period: 2 }).price;
    outputs.upgradePrice = cache.instanceId.apply(
      async (id) => (await getPrice({ order: "upgrade", instanceId: id, memSize: 2048 })).price,
    );
    outputs.instances = getInstancesOutput({ redisId: cache.instanceId }).instances.apply((list) =>
      list.map((r) => ({ redisId: r.redisId, redisName: r.redisName })),
    );
    outputs.backups = both.apply(([id]) => getInstanceBackups({ instanceId: id })).backups;
    outputs.tasks = both.apply(([id]) => getTasks({ instanceId: id, taskType: ["task_backupInstance"] })).tasks;
  }
  return outputs;
};
