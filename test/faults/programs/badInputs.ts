import { Backup, Instance, type InstanceArgs, sqlserver } from "pulumi-tencentcloud-redis";

/**
 * One bad resource per documented rule, so a single `pulumi preview` must refuse every one of them, each with its
 * rule named. Wrong types are cast on purpose: a YAML or JSON program could send them.
 */
export = async () => {
  const base = { zoneId: 100002, typeId: 2, memSize: 1024, password: "Valid1!pass" } as InstanceArgs;
  const bad = (name: string, args: Record<string, unknown>) =>
    new Instance(name, { ...base, ...args } as unknown as InstanceArgs);
  bad("bad-type", { typeId: 3 });
  bad("bad-mem-multiple", { memSize: 1500 });
  bad("bad-mem-range", { zoneId: 300001, memSize: 65536 });
  bad("bad-period", { period: 13 });
  bad("bad-pw-length", { password: "Sh0rt!" });
  bad("bad-pw-kinds", { password: "onlyletters" });
  bad("bad-pw-chars", { password: "Spaces 1234" });
  bad("bad-name", { name: "no spaces allowed!" });
  bad("bad-autorenew", { autoRenew: 5 });
  bad("bad-paid-through", { paidThrough: "next-year" });
  bad("bad-subnet", { subnetId: "subnet-abc" });
  bad("bad-project", { projectId: -1 });
  bad("bad-zone", { zoneId: 1.5 });
  new Backup("bad-backup-id", { instanceId: "not-an-instance", remark: "x" });
  new Backup("bad-backup-remark", { instanceId: "crs-abcdef12", remark: "r".repeat(129) });
  const sql = (name: string, args: Record<string, unknown>) =>
    new sqlserver.Backup(name, args as unknown as sqlserver.BackupArgs);
  sql("bad-sql-id", { instanceId: "mysql-1", strategy: 0 });
  sql("bad-sql-strategy", { instanceId: "mssql-e2e0001", strategy: 2 });
  sql("bad-sql-needs-dbs", { instanceId: "mssql-e2e0001", strategy: 1 });
  sql("bad-sql-dbs-for-0", { instanceId: "mssql-e2e0001", strategy: 0, dbNames: ["db1"] });
  return {};
};
