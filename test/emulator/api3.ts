import { backupsOf } from "./actions/backups";
import { formatTime } from "./clock";
import type { Engine } from "./engine";
import { EmulatorError } from "./moduleError";
import type { BackupRec } from "./state";

/** A JSON body of an API 3.0 call. @internal */
export type Api3Body = Record<string, unknown>;

/** An API 3.0 action: returns the Response fields except RequestId. @internal */
export type Api3Handler = (engine: Engine, body: Api3Body) => Record<string, unknown>;

const err = (code: string, text: string): EmulatorError => new EmulatorError(4000, undefined, code, text, code);

function intField(body: Api3Body, name: string, dflt: number): number {
  const v = body[name];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v)) throw err("InvalidParameter", `${name} must be an integer`);
  return v;
}

function strField(body: Api3Body, name: string, code = "MissingParameter"): string {
  const v = body[name];
  if (typeof v !== "string" || v === "") throw err(code, `${name} is missing or not a string`);
  return v;
}

/**
 * Redis 2018-04-12 DescribeInstanceBackups. The list is answered under both names the document uses (`BackupSet` in
 * the parameter table, `RedisBackupSet` in the example). BackupType is "1" for the manual backups the emulator makes
 * ("0" would be the nightly automatic ones, which the emulator never makes).
 */
const describeInstanceBackups: Api3Handler = (e, body) => {
  const instanceId = strField(body, "InstanceId");
  if (!e.state.instances.some((i) => i.redisId === instanceId))
    throw err("ResourceNotFound.InstanceNotExists", `instance ${instanceId} does not exist`);
  const limit = intField(body, "Limit", 20);
  const offset = intField(body, "Offset", 0);
  if (limit < 0 || offset < 0) throw err("InvalidParameter.InvalidParameter", "Limit and Offset must be >= 0");
  const statusRaw = body.Status;
  if (statusRaw !== undefined && (!Array.isArray(statusRaw) || statusRaw.some((s) => typeof s !== "number")))
    throw err("InvalidParameter.InvalidParameter", "Status must be an array of integers");
  const statuses = (statusRaw as number[] | undefined) ?? [];
  const begin = typeof body.BeginTime === "string" ? body.BeginTime : undefined;
  const end = typeof body.EndTime === "string" ? body.EndTime : undefined;
  let rows: BackupRec[];
  try {
    rows = backupsOf(e, instanceId, begin, end);
  } catch (e2) {
    throw err("InvalidParameter.InvalidParameter", e2 instanceof Error ? e2.message : "bad time");
  }
  rows = rows.filter((b) => statuses.length === 0 || statuses.includes(b.status));
  const set = rows.slice(offset, offset + limit).map((b) => ({
    StartTime: formatTime(b.startTime),
    BackupId: b.backupId,
    BackupType: "1",
    Status: b.status,
    Remark: b.remark,
    Locked: b.status === 1 || b.status === 3 ? 1 : 0,
  }));
  return { TotalCount: rows.length, BackupSet: set, RedisBackupSet: set };
};

/** SQL Server 2018-03-28 CreateBackup over the instances declared with --sqlserver-instance. */
const createBackup: Api3Handler = (e, body) => {
  const instanceId = strField(body, "InstanceId");
  const inst = e.opts.sqlserverInstances.find((i) => i.id === instanceId);
  if (!inst) throw err("ResourceNotFound.InstanceNotFound", `instance ${instanceId} does not exist`);
  const strategy = intField(body, "Strategy", 0);
  if (strategy !== 0 && strategy !== 1) throw err("InvalidParameter.InputIllegal", "Strategy must be 0 or 1");
  const raw = body.DBNames;
  if (raw !== undefined && (!Array.isArray(raw) || raw.some((d) => typeof d !== "string")))
    throw err("InvalidParameter.InputIllegal", "DBNames must be an array of strings");
  const dbNames = (raw as string[] | undefined) ?? [];
  if (strategy === 1 && dbNames.length === 0)
    throw err("InvalidParameter.InputIllegal", "DBNames is required for a multi-database backup (Strategy 1)");
  const unknown = dbNames.find((d) => !inst.dbNames.includes(d));
  if (unknown !== undefined)
    throw err("InvalidParameter.InputIllegal", `database ${unknown} does not exist on ${instanceId}`);
  const now = e.now();
  const flow = {
    flowId: e.state.nextFlow++,
    instanceId,
    strategy,
    dbNames: strategy === 1 ? dbNames : [...inst.dbNames],
    createTime: now,
    dueAt: now + e.opts.taskDelayMs,
  };
  e.state.flows.push(flow);
  return { FlowId: flow.flowId };
};

/** SQL Server DescribeFlowStatus: 0 success, 1 failed, 2 running. */
const describeFlowStatus: Api3Handler = (e, body) => {
  const flowId = intField(body, "FlowId", -1);
  const flow = e.state.flows.find((f) => f.flowId === flowId);
  if (!flow) throw err("ResourceNotFound.FlowNotFound", `flow ${flowId} does not exist`);
  return { Status: e.now() >= flow.dueAt ? 0 : 2 };
};

/** Products of API 3.0 by X-TC-Version. @internal */
export const API3_PRODUCTS: Record<
  string,
  { api: "redis3" | "sqlserver3"; service: string; actions: Record<string, Api3Handler> }
> = {
  "2018-04-12": { api: "redis3", service: "redis", actions: { DescribeInstanceBackups: describeInstanceBackups } },
  "2018-03-28": {
    api: "sqlserver3",
    service: "sqlserver",
    actions: { CreateBackup: createBackup, DescribeFlowStatus: describeFlowStatus },
  },
};
