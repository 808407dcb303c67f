import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Instance } from "pulumi-tencentcloud-redis";

/**
 * A no-op dynamic resource: registering it starts the stack's dynamic-provider process, and its create loads the
 * package's runtime there (as the Instance's provider will), so that cost too is paid before the barrier.
 */
const noop: pulumi.dynamic.ResourceProvider = {
  async create() {
    require("pulumi-tencentcloud-redis/runtime");
    return { id: "ready", outs: {} };
  },
};
class Ready extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(noop, name, {}, {});
  }
}

/**
 * Waits until `parties` programs have written a file into `dir` (or `timeoutMs` passed), once this stack's provider
 * process is up: so stacks started together send their first purchases together, whatever each CLI took to start.
 */
async function barrier(dir: string, parties: number, timeoutMs = 120_000): Promise<void> {
  const ready = new Ready("provider-ready");
  await new Promise<void>((resolve) => ready.id.apply(() => resolve()));
  fs.writeFileSync(path.join(dir, `${pulumi.getProject()}-${process.pid}`), "");
  const end = Date.now() + timeoutMs;
  while (fs.readdirSync(dir).length < parties && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
}

/**
 * `count` standalone 1 GB instances (unnamed: one purchase and its wait each); outputs their ids. With `barrierDir`
 * and `barrierParties`, declares them only once that many stacks are ready (see {@link barrier}).
 */
export = async () => {
  const c = new pulumi.Config();
  const count = c.requireNumber("count");
  const barrierDir = c.get("barrierDir");
  if (barrierDir) await barrier(barrierDir, c.requireNumber("barrierParties"));
  const ids: pulumi.Output<string>[] = [];
  for (let i = 0; i < count; i++) {
    const inst = new Instance(`cache-${i}`, {
      zoneId: 100002,
      typeId: 2,
      memSize: 1024,
      password: c.requireSecret("redisPassword"),
    });
    ids.push(inst.instanceId);
  }
  return { instanceIds: ids };
};
