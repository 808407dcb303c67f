/** Everything the emulator persists in `<dataDir>/state.json`. @internal */

/** One Redis instance. Status: 0 to be initialized, 1 in process, 2 running, -2 isolated. */
export interface InstanceRec {
  redisId: string;
  redisName: string;
  appid: number;
  projectId: number;
  regionId: number;
  zoneId: number;
  typeId: number;
  vpcId: number;
  unVpcId: string;
  subnetId: number;
  unSubnetId: string;
  memSize: number;
  /** Held so the emulator can run redis-server; never answered or logged. */
  password: string;
  status: number;
  createTime: number;
  deadline: number;
  autoRenew: number;
  port: number;
  /** Task or deal currently holding the instance (10707 to conflicting actions). */
  lockedBy: string | null;
}

/** An order: create, renew or upgrade. */
export interface DealRec {
  dealId: string;
  dealName: string;
  kind: "create" | "renew" | "upgrade";
  zoneId: number;
  goodsNum: number;
  createTime: number;
  completeAt: number;
  endTime: number | null;
  price: number;
  redisIds: string[];
  memSize: number;
  timeSpan: number;
  curDeadline: number | null;
  oldMemSize: number | null;
  newMemSize: number | null;
  applied: boolean;
}

/** An asynchronous task. Status: 0 to run, 1 running, 2 succeeded, 3 failed. */
export interface TaskRec {
  taskId: number;
  redisId: string;
  taskName: "setPassword" | "cleanInstance" | "backupInstance" | "restoreBackup" | "exportBackup";
  createTime: number;
  dueAt: number;
  status: number;
  backupId: string | null;
  /** New password of a setPassword task (cleared when the task finishes). */
  newPassword: string | null;
}

/** A backup. Status: 1 locked by a task, 2 normal, 3 exporting, 4 exported, -1 expired. */
export interface BackupRec {
  backupId: string;
  redisId: string;
  startTime: number;
  remark: string;
  backupType: string;
  status: number;
  exported: boolean;
  expiresAt: number;
}

/** A SQL Server backup flow (API 3.0 CreateBackup). */
export interface FlowRec {
  flowId: number;
  instanceId: string;
  strategy: number;
  dbNames: string[];
  createTime: number;
  dueAt: number;
}

export interface DownloadRec {
  backupId: string;
  expiresAt: number;
}

export interface EmulatorState {
  clockOffsetMs: number;
  nextDeal: number;
  nextTask: number;
  nextFlow: number;
  instances: InstanceRec[];
  deals: DealRec[];
  tasks: TaskRec[];
  backups: BackupRec[];
  flows: FlowRec[];
  /** redisId -> { day, count } for the 24-a-day manual backup limit. */
  backupCounters: Record<string, { day: string; count: number }>;
  downloads: Record<string, DownloadRec>;
}

export function emptyState(): EmulatorState {
  return {
    clockOffsetMs: 0,
    nextDeal: 432583,
    nextTask: 375062,
    nextFlow: 5293,
    instances: [],
    deals: [],
    tasks: [],
    backups: [],
    flows: [],
    backupCounters: {},
    downloads: {},
  };
}
