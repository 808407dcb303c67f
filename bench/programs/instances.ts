import * as pulumi from "@pulumi/pulumi";
import { Instance } from "pulumi-tencentcloud-redis";

/**
 * The bench's stack: `count` standalone 1 GB instances, without a declared name unless `named` is true. Either way
 * each costs one ModifyRedisName after its deal (an undeclared name is the resource's).
 */
export = async () => {
  const c = new pulumi.Config();
  const count = c.requireNumber("count");
  const named = c.getBoolean("named") ?? false;
  const ids: pulumi.Output<string>[] = [];
  for (let i = 0; i < count; i++) {
    const inst = new Instance(`cache-${i}`, {
      zoneId: 100002,
      typeId: 2,
      memSize: 1024,
      password: c.requireSecret("redisPassword"),
      ...(named ? { name: `bench-${i}` } : {}),
    });
    ids.push(inst.instanceId);
  }
  return { count: ids.length };
};
