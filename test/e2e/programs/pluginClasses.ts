import * as pulumi from "@pulumi/pulumi";
import * as redis from "pulumi-tencentcloud-redis/plugin";

/**
 * A TypeScript program on the plugin classes (the package's `plugin` entry, generated from the plugin's schema): an
 * instance sized by config, a backup of it, and an invoke, with `customTimeouts` as any Pulumi resource takes them.
 */
export = async () => {
  const c = new pulumi.Config();
  const zones = await redis.getZones();
  const cache = new redis.Instance(
    "cache",
    {
      zoneId: 100002,
      typeId: 2,
      memSize: c.getNumber("memSize") ?? 1024,
      password: c.requireSecret("redisPassword"),
      name: "ts-plugin-cache",
    },
    { customTimeouts: { create: "10m", update: "10m" } },
  );
  const snap = new redis.Backup("snap", { instanceId: cache.instanceId, remark: "ts-plugin-snap" });
  return {
    instanceId: cache.instanceId,
    host: cache.host,
    port: cache.port,
    memSize: cache.memSize,
    password: cache.password,
    backupId: snap.backupId,
    zonesOnSale: zones.zones.map((z) => z.zoneId),
  };
};
