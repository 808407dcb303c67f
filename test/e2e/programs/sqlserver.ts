import * as pulumi from "@pulumi/pulumi";
import { sqlserver } from "pulumi-tencentcloud-redis";

/** The SQL Server e2e program: one sqlserver.Backup whose strategy and databases come from config. */
export = async () => {
  const c = new pulumi.Config();
  const dbNames = c.get("dbNames");
  const snap = new sqlserver.Backup("sqlsnap", {
    instanceId: c.get("instanceId") ?? "mssql-e2e0001",
    strategy: (c.getNumber("strategy") ?? 0) as 0 | 1,
    dbNames: dbNames ? dbNames.split(",") : undefined,
  });
  return { flowId: snap.flowId, status: snap.status, strategy: snap.strategy };
};
