import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { Backup, Instance, sqlserver } from "../../../provider";

/**
 * Every output a resource class declares is an Output, also when its optional input is not given: the SDK makes a
 * property only for the keys the constructor hands it, and `cache.name.apply(...)` on a missing one would throw.
 */
describe("declared outputs exist without their optional inputs", () => {
  beforeAll(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
        call: (args) => args.inputs,
      },
      "project",
      "stack",
      false,
    );
  });

  it("Instance: name, projectId, autoRenew; Backup: remark; sqlserver.Backup: strategy, dbNames", () => {
    const cache = new Instance("cache", { zoneId: 100002, typeId: 2, memSize: 1024, password: "Outputs#2026" });
    const snap = new Backup("snap", { instanceId: "crs-abc12345" });
    const sql = new sqlserver.Backup("sql", { instanceId: "mssql-i1z41iwd" });
    const outputs = [cache.name, cache.projectId, cache.autoRenew, cache.host, cache.instanceId, snap.remark];
    for (const o of [...outputs, sql.strategy, sql.dbNames, sql.flowId]) {
      expect(pulumi.Output.isInstance(o)).toBe(true);
    }
  });
});
