import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../provider/runtime/unknown";
import { checkSqlBackup } from "../../../provider/sqlserver/backupChecks";

const instanceId = "mssql-unit0001";

describe("sqlserver.Backup check", () => {
  it("fills in the model's default strategy", () => {
    expect(checkSqlBackup({}, { instanceId })).toEqual({ inputs: { instanceId, strategy: 0 }, failures: [] });
  });

  // create hands dbNames to CreateBackup as they are: the check is what makes them a list of names.
  it("refuses dbNames that are not a list of names", () => {
    for (const dbNames of ["db1", [1, 2], { db1: true }]) {
      const { failures } = checkSqlBackup({}, { instanceId, strategy: 1, dbNames });
      expect(failures).toContainEqual({ property: "dbNames", reason: "dbNames must be a list of database names" });
    }
  });

  it("lets through a list of names, an unknown list, and none", () => {
    for (const news of [
      { instanceId, strategy: 1, dbNames: ["db1", "db2"] },
      { instanceId, strategy: 1, dbNames: [UNKNOWN] },
      { instanceId, strategy: 0, dbNames: null },
      { instanceId, strategy: 0 },
    ]) {
      expect(checkSqlBackup({}, news).failures).toEqual([]);
    }
  });
});
