import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "pulumi-tencentcloud-redis";
import * as plugin from "pulumi-tencentcloud-redis/plugin";

/**
 * A stack moving from the dynamic classes to the plugin classes (test/e2e/pluginClasses.test.ts), as README's
 * "Moving a stack onto the plugin" does it: 3 Instances and 2 Backups of them. Config drives the stages:
 *   moved      the resources declared with the plugin classes ("all", or names separated by commas; default none)
 *   retain     `retainOnDelete` on the dynamic ones (the procedure's first step)
 *   importIds  JSON {name: id}: the `import` option of the moved ones (the procedure's second step)
 */
export = async () => {
  const c = new pulumi.Config();
  const password = c.requireSecret("redisPassword");
  const movedList = c.get("moved") ?? "";
  const isMoved = (name: string) => movedList === "all" || movedList.split(",").includes(name);
  const retainOnDelete = c.getBoolean("retain") ?? false;
  const importIds = c.getObject<Record<string, string>>("importIds") ?? {};
  const opts = (name: string): pulumi.CustomResourceOptions => {
    if (!isMoved(name)) return { retainOnDelete };
    const id = importIds[name];
    return id ? { import: id } : {};
  };

  const instance = (name: string, args: { memSize: number; name: string; autoRenew?: 0 | 1 | 2 }) => {
    const inputs = { zoneId: 100002, typeId: 2 as const, password, ...args };
    return isMoved(name)
      ? new plugin.Instance(name, inputs, opts(name))
      : new dynamic.Instance(name, inputs, opts(name));
  };
  const backup = (name: string, instanceId: pulumi.Output<string>, remark: string) =>
    isMoved(name)
      ? new plugin.Backup(name, { instanceId, remark }, opts(name))
      : new dynamic.Backup(name, { instanceId, remark }, opts(name));

  const a = instance("cache-a", { memSize: 1024, name: "move-a" });
  const b = instance("cache-b", { memSize: 2048, name: "move-b", autoRenew: 1 });
  const d = instance("cache-c", { memSize: 1024, name: "move-c" });
  const snapA = backup("snap-a", a.instanceId, "move-snap-a");
  const snapB = backup("snap-b", b.instanceId, "move-snap-b");
  return {
    ids: {
      "cache-a": a.instanceId,
      "cache-b": b.instanceId,
      "cache-c": d.instanceId,
      "snap-a": pulumi.interpolate`${snapA.instanceId}/${snapA.backupId}`,
      "snap-b": pulumi.interpolate`${snapB.instanceId}/${snapB.backupId}`,
    },
    hosts: [a.host, b.host, d.host],
  };
};
