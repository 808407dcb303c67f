import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { journalDir, listHolders } from "../../provider/redis/orders/journal";
import { parseUrn } from "../../provider/runtime/urn";
import { projectFiles } from "../userProject/project";
import { outputsOf, stackDir, stateFile } from "./cli";
import {
  countByAction,
  type EmulatorFixture,
  emulatorInstances,
  SECRET_KEY,
  startFixture,
  writeCounts,
} from "./emulatorFixture";
import { pluginStack, succeeded } from "./pluginStack";

/*
 * README "Moving a TypeScript stack onto the plugin": a stack of 3 Instances and 2 Backups on the dynamic classes
 * moves to the plugin classes (`pulumi-tencentcloud-redis/plugin`) with `retainOnDelete` and the `import` option,
 * through plain `pulumi` in a user's project with the plugin installed from its tarball. Nothing may be bought, no
 * auto-renew may change, and a half-moved program must not let an instance lapse.
 */

const PROGRAM = path.join(__dirname, "programs", "migrate.ts");
const PASSWORD = "Move2Plugin#1";
const DYNAMIC = "pulumi-nodejs:dynamic/tencentcloud-redis:";

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

function stateResources(dir: string): StateResource[] {
  const state = JSON.parse(stateFile(dir)) as { checkpoint: { latest: { resources?: StateResource[] } } };
  return state.checkpoint.latest.resources ?? [];
}

/** `type name` of the stack's resources of this package, sorted. */
function packageResources(dir: string): string[] {
  return stateResources(dir)
    .filter((r) => r.type.includes("tencentcloud-redis:") && !r.type.startsWith("pulumi:providers:"))
    .map((r) => `${r.type} ${r.urn.split("::").pop()}`)
    .sort();
}

/** `<instanceId> <holder name> <how> confirmed|unconfirmed` of the holder records in the project's journal. */
function holderRecords(dir: string): string[] {
  return listHolders(journalDir(dir))
    .map((r) => `${r.instanceId} ${parseUrn(r.holder).name} ${r.how} ${r.confirmed ? "confirmed" : "unconfirmed"}`)
    .sort();
}

describe("moving a TypeScript stack from the dynamic classes to the plugin classes", () => {
  let fx: EmulatorFixture;
  const { run } = pluginStack(() => fx, PROGRAM, PASSWORD);
  const writes = async () => writeCounts(await fx.calls());
  const instances = () => emulatorInstances(fx);
  const ok = succeeded;
  /** A stack on the dynamic classes, created: the ids to import and the cloud's instances as they were. */
  const dynamicStack = async (dir: string) => {
    await fx.clearCalls();
    const created = ok(await run(dir, "up", { moved: "", retain: "false", importIds: "{}" }));
    expect(countByAction(await fx.calls()).CreateRedis).toBe(3);
    const ids = outputsOf(created).ids as Record<string, string>;
    await fx.clearCalls();
    return { ids, before: await instances() };
  };

  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it("keeps every instance and backup, with 0 writes, and the next up changes nothing", async () => {
    const dir = stackDir("move-stack");
    const { ids, before } = await dynamicStack(dir);

    // Step 1: retainOnDelete on the dynamic resources. The state records it; nothing is called.
    const retained = ok(await run(dir, "up", { retain: "true" }));
    expect(retained.stdout).toMatch(/6 unchanged/);
    expect(await writes()).toEqual({});

    // Step 2: the plugin classes, with the import option. The preview shows 5 imports and 5 retained deletes,
    // nothing created or updated; up does exactly that.
    const moved = { moved: "all", importIds: JSON.stringify(ids) };
    const preview = ok(await run(dir, "preview", moved));
    expect(preview.stdout).toMatch(/- 5 to delete/);
    expect(preview.stdout).toMatch(/= 5 to import/);
    expect(preview.stdout).not.toMatch(/to create|to update|to replace/);
    const up = ok(await run(dir, "up", moved));
    expect(up.stdout).toMatch(/- 5 deleted/);
    expect(up.stdout).toMatch(/= 5 imported/);
    expect(up.stdout).not.toMatch(/created|updated|replaced/);
    expect(await writes()).toEqual({});
    expect(outputsOf(up).ids).toEqual(ids);
    expect(packageResources(dir)).toEqual([
      "tencentcloud-redis:index:Backup snap-a",
      "tencentcloud-redis:index:Backup snap-b",
      "tencentcloud-redis:index:Instance cache-a",
      "tencentcloud-redis:index:Instance cache-b",
      "tencentcloud-redis:index:Instance cache-c",
    ]);
    const byName = new Map(stateResources(dir).map((r) => [r.urn.split("::").pop(), r]));
    for (const name of ["cache-a", "cache-b", "cache-c"]) expect(byName.get(name)?.id).toBe(ids[name]);

    // Step 3: the import options go; the stack is the plugin's now.
    const settled = { moved: "all", importIds: "{}" };
    const again = ok(await run(dir, "preview", settled, { diff: true }));
    expect(again.stdout).toMatch(/6 unchanged/);
    expect(again.stdout).not.toMatch(/to (create|update|delete|replace|import)/);
    const last = ok(await run(dir, "up", settled));
    expect(last.stdout).toMatch(/6 unchanged/);
    expect(await writes()).toEqual({});
    expect(countByAction(await fx.calls()).CreateRedis).toBeUndefined();
    expect(await instances()).toEqual(before);
    // The journal names the plugin's resources as the instances' holders, confirmed by the later run.
    expect(holderRecords(dir)).toEqual(
      ["cache-a", "cache-b", "cache-c"].map((n) => `${ids[n]} ${n} import confirmed`).sort(),
    );

    // The password and the SecretKey are nowhere in plain text.
    for (const f of projectFiles({ dir, project: "tencentcloud-redis", stateDir: path.join(dir, "state") })) {
      const text = fs.readFileSync(f, "utf8");
      expect(text.includes(PASSWORD), f).toBe(false);
      expect(text.includes(SECRET_KEY), f).toBe(false);
    }
  });

  it("a half-moved program without step 1: the dynamic delete leaves the moved instance alone and says so", async () => {
    const dir = stackDir("move-half");
    const { ids } = await dynamicStack(dir);
    const before = await instances();

    // cache-a and snap-a moved (imported), the rest not yet, and no retainOnDelete: the engine deletes the dynamic
    // cache-a and snap-a after importing them under the plugin.
    const half = {
      moved: "cache-a,snap-a",
      importIds: JSON.stringify({ "cache-a": ids["cache-a"], "snap-a": ids["snap-a"] }),
    };
    const up = ok(await run(dir, "up", half));
    expect(up.stdout).toMatch(/- 2 deleted/);
    expect(up.stdout).toMatch(
      new RegExp(`instance ${ids["cache-a"]} is now held by tencentcloud-redis:index:Instance "cache-a" \\(imported`),
    );
    expect(await writes()).toEqual({});
    expect(await instances()).toEqual(before);
    expect(packageResources(dir)).toContain("tencentcloud-redis:index:Instance cache-a");
    expect(packageResources(dir)).not.toContain(`${DYNAMIC}Instance cache-a`);

    // The guard is not blanket: a destroy still lets every instance go, the moved one through its new holder.
    await fx.clearCalls();
    ok(await run(dir, "destroy", half));
    expect(await writes()).toEqual({ SetRedisAutoRenew: 3 });
    const mine = new Set([ids["cache-a"], ids["cache-b"], ids["cache-c"]]);
    const after = (await instances()).filter((i) => mine.has(i.redisId));
    expect(after.map((i) => `${i.redisId} ${i.autoRenew}`).sort()).toEqual([...mine].map((id) => `${id} 2`).sort());
  });

  it("a preview of the move that is never applied does not keep a later destroy from letting the instances go", async () => {
    const dir = stackDir("move-previewed");
    const { ids } = await dynamicStack(dir);
    ok(await run(dir, "preview", { moved: "all", importIds: JSON.stringify(ids) }));
    expect(holderRecords(dir)).toHaveLength(3); // the preview read the instances to import, as an up would
    await fx.clearCalls();
    ok(await run(dir, "destroy", { moved: "", importIds: "{}" }));
    expect(await writes()).toEqual({ SetRedisAutoRenew: 3 });
  });

  it("a class changed without the import option: preview and up refuse to buy a second instance, naming the way on", async () => {
    const dir = stackDir("move-forgot");
    const { ids, before } = await dynamicStack(dir);
    const forgot = { moved: "cache-a", importIds: "{}", retain: "true" };
    const refusal = new RegExp(
      `nothing would be bought: instance ${ids["cache-a"]} is held by the resource "cache-a" \\(bought [^)]+\\), a ` +
        `resource of the same name in this stack\\. To move it under this resource, give this resource the import ` +
        `option \\(import: "${ids["cache-a"]}"`,
    );
    const preview = await run(dir, "preview", forgot);
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(refusal);
    const up = await run(dir, "up", forgot);
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toMatch(refusal);
    expect(await writes()).toEqual({});
    expect(await instances()).toEqual(before);
  });
});
