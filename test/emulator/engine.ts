import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { addMonths, dayKey, EmulatorClock } from "./clock";
import { moduleError } from "./moduleError";
import { RedisSupervisor } from "./redisSupervisor";
import { redisCommands } from "./resp";
import type { DealRec, EmulatorState, InstanceRec, TaskRec } from "./state";
import { emptyState } from "./state";
import { StateFile } from "./stateFile";

const DAY = 86_400_000;

/** Options the engine needs (a subset of startEmulator's). @internal */
export interface EngineOptions {
  dataDir: string;
  dealDelayMs: number;
  taskDelayMs: number;
  sqlserverInstances: { id: string; dbNames: string[] }[];
  log: (line: string) => void;
}

/** redis-servers started at once in the background (see startServer). */
const MAX_PARALLEL_STARTS = 3;

/**
 * The cloud's state machine: instances, deals, tasks and backups, advanced by `tick()` against the emulator clock.
 * Every mutation goes through `commit()`, which writes the state file.
 * @internal
 */
export class Engine {
  state: EmulatorState;
  readonly clock: EmulatorClock;
  readonly redis: RedisSupervisor;
  private readonly file: StateFile;
  private readonly running = new Set<string>();
  /** redis-servers being started for new instances, by id. */
  private readonly starting = new Map<string, Promise<void>>();
  private startsRunning = 0;
  private readonly startWaiters: (() => void)[] = [];
  private ticking: Promise<void> = Promise.resolve();
  /** The delays the emulator was started with; `reset()` goes back to them. */
  private readonly startDelays: { dealDelayMs: number; taskDelayMs: number };

  constructor(readonly opts: EngineOptions) {
    this.startDelays = { dealDelayMs: opts.dealDelayMs, taskDelayMs: opts.taskDelayMs };
    mkdirSync(opts.dataDir, { recursive: true });
    this.file = new StateFile(opts.dataDir);
    this.state = this.file.load();
    this.clock = new EmulatorClock(this.state.clockOffsetMs);
    this.redis = new RedisSupervisor(opts.dataDir);
  }

  now(): number {
    return this.clock.now();
  }

  commit(): void {
    this.state.clockOffsetMs = this.clock.offsetMs;
    this.file.save(this.state);
  }

  backupFile(backupId: string): string {
    return join(this.opts.dataDir, "backups", `${backupId}.rdb`);
  }

  /** Restarts the redis-servers of every live instance (after a restart of the emulator). */
  async resume(): Promise<void> {
    for (const inst of this.state.instances) {
      if (inst.status === -2) continue;
      inst.port = await this.redis.start(inst.redisId, inst);
    }
    // Tasks that were executing when the emulator stopped run again (their effects are idempotent).
    for (const t of this.state.tasks) if (t.status === 1) t.status = 0;
    this.commit();
  }

  /**
   * Starts an instance's redis-server in the background (the port is recorded when it answers); the instance's
   * create deal waits for it.
   */
  startServer(inst: InstanceRec): void {
    const id = inst.redisId;
    const started = this.startLimited(() => this.redis.start(id, inst)).then(
      (port) => {
        inst.port = port;
        this.commit();
      },
      (err: unknown) => this.opts.log(`could not start redis-server for ${id}: ${String(err)}`),
    );
    this.starting.set(
      id,
      started.finally(() => this.starting.delete(id)),
    );
  }

  /** Background starts run a few at a time, so a burst of purchases does not starve the API of CPU. */
  private async startLimited<T>(start: () => Promise<T>): Promise<T> {
    while (this.startsRunning >= MAX_PARALLEL_STARTS) await new Promise<void>((r) => this.startWaiters.push(r));
    this.startsRunning++;
    try {
      return await start();
    } finally {
      this.startsRunning--;
      this.startWaiters.shift()?.();
    }
  }

  /** Stops every redis-server and writes the state. */
  async shutdown(): Promise<void> {
    await this.ticking;
    await Promise.all(this.starting.values());
    await this.redis.stopAll();
    this.commit();
  }

  /** The delays given to orders and tasks created from now on (GET /_emulator/delays). */
  delays(): { dealDelayMs: number; taskDelayMs: number } {
    return { dealDelayMs: this.opts.dealDelayMs, taskDelayMs: this.opts.taskDelayMs };
  }

  /**
   * Changes the delays of orders and tasks created from now on (POST /_emulator/delays). Orders and tasks already
   * placed keep theirs: each carries its own due time, and its status is computed from it.
   */
  setDelays(d: { dealDelayMs?: number; taskDelayMs?: number }): void {
    if (d.dealDelayMs !== undefined) this.opts.dealDelayMs = d.dealDelayMs;
    if (d.taskDelayMs !== undefined) this.opts.taskDelayMs = d.taskDelayMs;
  }

  /** Wipes all state and data (POST /_emulator/reset). */
  async reset(): Promise<void> {
    await this.ticking;
    await this.redis.stopAll();
    for (const inst of this.state.instances) this.redis.wipe(inst.redisId);
    rmSync(join(this.opts.dataDir, "backups"), { recursive: true, force: true });
    this.state = emptyState();
    this.clock.offsetMs = 0;
    this.running.clear();
    this.setDelays(this.startDelays);
    this.commit();
  }

  instance(redisId: string): InstanceRec {
    const inst = this.state.instances.find((i) => i.redisId === redisId);
    if (!inst) throw moduleError(10701, `instance ${redisId} does not exist`);
    return inst;
  }

  /** Instance that can take a task: exists, is running, and is not locked. */
  usableInstance(redisId: string): InstanceRec {
    const inst = this.instance(redisId);
    if (inst.status === -2) throw moduleError(10702, `instance ${redisId} is isolated`);
    if (inst.status !== 2) throw moduleError(10702, `instance ${redisId} is not running (status ${inst.status})`);
    if (inst.lockedBy !== null) throw moduleError(10707, `instance ${redisId} is locked by ${inst.lockedBy}`);
    return inst;
  }

  newDeal(d: Omit<DealRec, "dealId" | "dealName" | "createTime" | "completeAt" | "endTime" | "applied">): DealRec {
    const now = this.now();
    const id = this.state.nextDeal++;
    const deal: DealRec = {
      ...d,
      dealId: String(id),
      dealName: `${dayKey(now).replaceAll("-", "")}${String(id).padStart(6, "0")}`,
      createTime: now,
      completeAt: now + this.opts.dealDelayMs,
      endTime: null,
      applied: false,
    };
    this.state.deals.push(deal);
    return deal;
  }

  newTask(inst: InstanceRec, taskName: TaskRec["taskName"], extra: Partial<TaskRec> = {}): TaskRec {
    const now = this.now();
    const task: TaskRec = {
      taskId: this.state.nextTask++,
      redisId: inst.redisId,
      taskName,
      createTime: now,
      dueAt: now + this.opts.taskDelayMs,
      status: 0,
      backupId: null,
      newPassword: null,
      ...extra,
    };
    inst.lockedBy = `task ${task.taskId}`;
    this.state.tasks.push(task);
    return task;
  }

  /** Deal status as DescribeRedisDealDetail reports it: 2 paid, 3 delivering, 4 delivered. */
  dealStatus(d: DealRec): number {
    if (d.applied) return 4;
    return this.now() - d.createTime < (d.completeAt - d.createTime) / 2 ? 2 : 3;
  }

  /** Task status as DescribeTaskInfo reports it. */
  taskStatus(t: TaskRec): number {
    if (t.status >= 2 || t.status < 0) return t.status;
    if (this.running.has(String(t.taskId))) return 1;
    return this.now() - t.createTime < (t.dueAt - t.createTime) / 2 ? 0 : 1;
  }

  /** Advances everything due at the current emulator time. Serialized: one tick at a time. */
  tick(): Promise<void> {
    this.ticking = this.ticking
      .then(() => this.tickOnce())
      .catch((e: unknown) => this.opts.log(`tick failed: ${String(e)}`));
    return this.ticking;
  }

  private async tickOnce(): Promise<void> {
    const now = this.now();
    let changed = false;
    for (const d of this.state.deals) {
      if (d.applied || now < d.completeAt) continue;
      await this.applyDeal(d);
      changed = true;
    }
    for (const t of this.state.tasks) {
      if (t.status >= 2 || t.status < 0 || now < t.dueAt || this.running.has(String(t.taskId))) continue;
      this.running.add(String(t.taskId));
      t.status = 1;
      // Tasks run in the background so a slow redis never blocks the API; the instance stays locked meanwhile.
      void this.runTask(t).finally(() => this.running.delete(String(t.taskId)));
    }
    for (const b of this.state.backups) {
      if (b.status !== -1 && now >= b.expiresAt) {
        b.status = -1;
        rmSync(this.backupFile(b.backupId), { force: true });
        changed = true;
      }
    }
    for (const [token, dl] of Object.entries(this.state.downloads)) {
      if (now >= dl.expiresAt) {
        delete this.state.downloads[token];
        changed = true;
      }
    }
    for (const inst of this.state.instances) {
      if (inst.status !== 2 || now < inst.deadline) continue;
      changed = true;
      if (inst.autoRenew === 1) {
        while (inst.deadline <= now) inst.deadline = addMonths(inst.deadline, 1);
      } else {
        inst.status = -2;
        await this.redis.stop(inst.redisId);
      }
    }
    if (changed) this.commit();
  }

  private async applyDeal(d: DealRec): Promise<void> {
    const now = this.now();
    for (const id of d.redisIds) {
      const inst = this.state.instances.find((i) => i.redisId === id);
      if (!inst) continue;
      if (d.kind === "create") {
        await this.starting.get(id);
        if (!this.redis.isRunning(id)) inst.port = await this.redis.start(id, inst);
        inst.status = 2;
      } else if (d.kind === "renew") {
        inst.deadline = addMonths(inst.deadline, d.timeSpan);
        if (inst.status === -2 && inst.deadline > now) {
          inst.port = await this.redis.start(id, inst);
          inst.status = 2;
        }
      } else if (d.kind === "upgrade" && d.newMemSize !== null) {
        inst.memSize = d.newMemSize;
        if (this.redis.isRunning(id))
          await redisCommands(inst.port, inst.password, [["CONFIG", "SET", "maxmemory", `${inst.memSize}mb`]]);
      }
      if (inst.lockedBy === `deal ${d.dealId}`) inst.lockedBy = null;
    }
    d.applied = true;
    d.endTime = now;
  }

  private async runTask(t: TaskRec): Promise<void> {
    const inst = this.state.instances.find((i) => i.redisId === t.redisId);
    try {
      if (!inst) throw new Error("instance vanished");
      await this.taskEffect(t, inst);
      t.status = 2;
    } catch (e) {
      this.opts.log(`task ${t.taskId} (${t.taskName}) failed: ${String(e)}`);
      t.status = 3;
      const b = this.state.backups.find((x) => x.backupId === t.backupId);
      if (b && t.taskName === "backupInstance") b.status = -1;
    }
    t.newPassword = null;
    if (inst && inst.lockedBy === `task ${t.taskId}`) inst.lockedBy = null;
    this.commit();
  }

  private async taskEffect(t: TaskRec, inst: InstanceRec): Promise<void> {
    const backup = this.state.backups.find((b) => b.backupId === t.backupId);
    switch (t.taskName) {
      case "setPassword": {
        const pw = t.newPassword ?? inst.password;
        await redisCommands(inst.port, inst.password, [["CONFIG", "SET", "requirepass", pw]]).catch(
          async (e: unknown) => {
            // A re-run after a restart: the server may already have the new password.
            await redisCommands(inst.port, pw, [["PING"]]).catch(() => {
              throw e;
            });
          },
        );
        inst.password = pw;
        return;
      }
      case "cleanInstance":
        await redisCommands(inst.port, inst.password, [["FLUSHALL"]]);
        return;
      case "backupInstance": {
        if (!backup) throw new Error("backup record missing");
        await redisCommands(inst.port, inst.password, [["SAVE"]]);
        mkdirSync(join(this.opts.dataDir, "backups"), { recursive: true });
        copyFileSync(join(this.redis.dirOf(inst.redisId), "dump.rdb"), this.backupFile(backup.backupId));
        backup.status = 2;
        return;
      }
      case "restoreBackup": {
        if (!backup) throw new Error("backup record missing");
        await this.redis.stop(inst.redisId);
        copyFileSync(this.backupFile(backup.backupId), join(this.redis.dirOf(inst.redisId), "dump.rdb"));
        inst.port = await this.redis.start(inst.redisId, inst);
        if (backup.status === 1) backup.status = backup.exported ? 4 : 2;
        return;
      }
      case "exportBackup": {
        if (!backup) throw new Error("backup record missing");
        backup.exported = true;
        backup.status = 4;
        return;
      }
    }
  }

  /** Counts a manual backup against the 24-a-day limit (per instance, per UTC+8 day of emulator time). */
  countBackup(redisId: string): void {
    const day = dayKey(this.now());
    const c = this.state.backupCounters[redisId];
    const count = c && c.day === day ? c.count : 0;
    if (count >= 24) throw moduleError(11201, `ManualBackupInstance is limited to 24 calls a day for ${redisId}`);
    this.state.backupCounters[redisId] = { day, count: count + 1 };
  }

  static readonly DAY = DAY;
}
