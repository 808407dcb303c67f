import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, type ProjectSettings } from "@pulumi/pulumi/automation";
import * as dynamic from "pulumi-tencentcloud-redis";
import * as plugin from "pulumi-tencentcloud-redis/plugin";

/**
 * An Automation API program, as README's "Automation API" section writes it: an inline program with one Instance,
 * either way (`dynamic` or `plugin`, the first argument), a local backend in the folder given second. Prints the
 * update's resource changes and outputs as one JSON line. The password comes from REDIS_PASSWORD.
 */
async function main(): Promise<void> {
  const [way = "dynamic", backendDir = "state"] = process.argv.slice(2);
  const program = async () => {
    const c = new pulumi.Config();
    const args = {
      zoneId: 100002,
      typeId: 2 as const,
      memSize: 1024,
      password: c.requireSecret("redisPassword"),
      name: `automation-${way}`,
    };
    const cache = way === "plugin" ? new plugin.Instance("cache", args) : new dynamic.Instance("cache", args);
    return { instanceId: cache.instanceId, port: cache.port };
  };
  const projectSettings: ProjectSettings = {
    name: "automation",
    runtime: "nodejs",
    backend: { url: `file://${backendDir}` },
    // The dynamic classes: the engine starts their provider host in `main`, which must be the folder whose
    // node_modules hold this package. The plugin classes need no `main`.
    ...(way === "dynamic" ? { main: process.cwd() } : {}),
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: `dev-${way}`, projectName: "automation", program },
    { projectSettings },
  );
  await stack.setConfig("redisPassword", { value: process.env.REDIS_PASSWORD ?? "", secret: true });
  // The order journal beside this program, not in the workspace's temporary folder (the plugin's working folder).
  await stack.setConfig("tencentcloud-redis:journalDir", { value: `${process.cwd()}/.pulumi-tencentcloud-redis` });
  const up = await stack.up({ onOutput: (line) => process.stderr.write(line) });
  const again = await stack.up({ onOutput: (line) => process.stderr.write(line) });
  console.log(
    JSON.stringify({
      changes: up.summary.resourceChanges,
      again: again.summary.resourceChanges,
      instanceId: up.outputs.instanceId?.value,
      port: up.outputs.port?.value,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
