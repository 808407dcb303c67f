import * as pulumi from "@pulumi/pulumi";
import { Instance } from "pulumi-tencentcloud-redis";

/**
 * The quick start: one standalone 1 GB Redis instance. Credentials and the endpoint come from the environment
 * (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_REGION, TENCENTCLOUD_REDIS_ENDPOINT) or the stack
 * config `tencentcloud-redis:*`; the password from the secret config `redisPassword`.
 */
export = async () => {
  const config = new pulumi.Config();
  const cache = new Instance("cache", {
    zoneId: config.getNumber("zoneId") ?? 100002,
    typeId: 2,
    memSize: config.getNumber("memSize") ?? 1024,
    period: 1,
    password: config.requireSecret("redisPassword"),
    name: config.get("name") ?? "quickstart-cache",
    autoRenew: 0,
  });
  return {
    instanceId: cache.instanceId,
    host: cache.host,
    port: cache.port,
    status: cache.status,
    deadline: cache.deadline,
  };
};
