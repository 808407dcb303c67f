import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "vitest";
import {
  killStrayPlugins,
  REPO,
  type StackOptions,
  type StackRun,
  stackDir,
  stackOp,
  startStackOp,
  stateFile,
} from "../e2e/cli";
import { type EmulatorFixture, startFixture } from "../e2e/emulatorFixture";
import { redisCommands } from "../e2e/redisClient";
import {
  faultsFired,
  type InjectedFault,
  RESULTS_DIR,
  recordResult,
  resetResults,
  type ScenarioResult,
} from "./results";
import { type AuditText, auditTexts, collectSecrets, journalTexts } from "./secretAudit";

/** The e2e program whose every input comes from stack config (instance, optional backup). */
export const INSTANCE_PROGRAM = path.join(REPO, "test/e2e/programs/instance.ts");

/** One scenario runs 3-5 CLI operations; on a loaded 2-core runner that can pass vitest's 120 s default. */
export const SCENARIO_TIMEOUT_MS = 300_000;

/** A fault as POSTed to /_emulator/faults. */
export interface FaultSpec {
  action: string;
  kind: string;
  times?: number;
  latencyMs?: number;
}

interface EmuState {
  instances: { redisId: string; autoRenew: number; port: number; memSize: number; redisName: string }[];
  deals: { kind: "create" | "renew" | "upgrade"; goodsNum: number }[];
  backups: { backupId: string; remark?: string; instanceId?: string; redisId?: string }[];
}

/** Polls a condition (the emulator's call log is the clock; no fixed sleeps). */
export async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One stack of the world: its options (config persists between runs, as a user's does) and its texts to audit. */
export class FaultStack {
  readonly config: Record<string, string>;
  readonly secretConfig: Record<string, string>;
  readonly dir: string;
  /** The last `up` that succeeded (its outputs), so a scenario whose faulted `up` succeeded need not run another. */
  lastGoodUp: StackRun | undefined;

  constructor(
    private readonly world: FaultWorld,
    readonly name: string,
    config: Record<string, string>,
    secretConfig: Record<string, string>,
  ) {
    this.config = { ...config };
    this.secretConfig = { ...secretConfig };
    this.dir = stackDir(`faults-${name}`);
  }

  options(extra: Partial<StackOptions> = {}): StackOptions {
    return {
      program: INSTANCE_PROGRAM,
      dir: this.dir,
      env: this.world.env,
      config: { ...this.config },
      secretConfig: { ...this.secretConfig },
      ...extra,
    };
  }

  /** Runs one operation; its whole output joins the texts the secret audit reads. */
  async run(op: string, extra: Partial<StackOptions> = {}): Promise<StackRun> {
    const r = await stackOp(op, this.options(extra));
    if (op === "up") this.lastGoodUp = r.code === 0 ? r : undefined;
    if (extra.verbose) {
      // Kept for a reader of a failed audit (under .work, never committed).
      const logs = path.join(RESULTS_DIR, "logs");
      fs.mkdirSync(logs, { recursive: true });
      fs.writeFileSync(path.join(logs, `${this.name}-${op}-${Date.now()}.log`), `${r.stdout}\n${r.stderr}`);
    }
    this.world.audit(`${this.name} ${op}${extra.verbose ? " (verbose)" : ""}`, `${r.stdout}\n${r.stderr}`);
    return r;
  }

  /** The ids the stack's checkpoint holds (read from the state file the backend wrote; fast, no CLI). */
  stateIds(): { instances: string[]; backups: string[] } {
    let text: string;
    try {
      text = stateFile(this.dir);
    } catch {
      return { instances: [], backups: [] };
    }
    const cp = JSON.parse(text) as { checkpoint?: { latest?: { resources?: { type: string; id?: string }[] } } };
    const res = cp.checkpoint?.latest?.resources ?? [];
    const ids = (suffix: string) =>
      res.filter((x) => x.type.endsWith(suffix) && typeof x.id === "string" && x.id !== "").map((x) => String(x.id));
    return { instances: ids(":Instance"), backups: ids(":Backup") };
  }

  /** `pulumi stack export` as a user runs it, the state file and the purchase journal: all go to the audit. */
  async auditState(): Promise<void> {
    const r = await stackOp("export", this.options());
    if (r.code !== 0) throw new Error(`export of ${this.name} failed: ${r.stderr}`);
    this.world.audit(`${this.name} stack export`, r.stdout);
    try {
      this.world.audit(`${this.name} state file`, stateFile(this.dir));
    } catch {
      // no checkpoint yet
    }
    for (const t of journalTexts(this.dir)) this.world.audit(`${this.name} ${t.where}`, t.text);
  }
}

/** What a scenario's fault run ended as. */
export type FaultOutcome = "failed" | "succeeded" | "killed";

/** A scenario: one operation under one fault, then convergence and the invariants. */
export interface ScenarioDef {
  name: string;
  operation: string;
  fault: string;
  stack: FaultStack;
  /** Puts the fault in place and runs the faulted operation (verbose). */
  run: () => Promise<FaultOutcome>;
  /** Deals this scenario is meant to buy (create/renew/upgrade). */
  buys?: Partial<Record<"create" | "renew" | "upgrade", number>>;
  /** Output values the converged `up` must report. */
  expectOutputs?: Record<string, unknown>;
  /** The scenario clears or restores the data by design: skip the data check. */
  dataChangesByDesign?: boolean;
  /** The stack ends destroyed: the instance is released (auto-renew 2), no longer in the state. */
  destroys?: boolean;
  /** Remark of the backup this scenario makes: exactly one backup with it may exist afterwards. */
  backupRemark?: string;
  /**
   * For a fault the emulator cannot see (an emulator restart, a kill outside `killMidWait`): called after `run`, says
   * whether the fault happened as meant (e.g. the restart came after the action was seen). Counts in faults fired.
   */
  firedBy?: () => Promise<boolean>;
}

/**
 * One emulator and the stacks of one test file, with the invariants the fault suite checks after every scenario:
 * convergence, purchases == instances, no leaked instance, data intact, no secret in plain text.
 */
export class FaultWorld {
  fx!: EmulatorFixture;
  readonly stacks: FaultStack[] = [];
  private texts: AuditText[] = [];
  private readonly expected = { create: 0, renew: 0, upgrade: 0 };
  private readonly released = new Set<string>();
  /** Keys written to each instance's Redis before a fault, and their values. */
  private readonly data = new Map<string, Record<string, string>>();
  readonly results: ScenarioResult[] = [];
  /** Faults POSTed through `fault()` since the current scenario's run began (with the emulator's ids). */
  private injected: InjectedFault[] = [];
  /** Faults the emulator cannot see that the harness itself proved during the run (`killMidWait`). */
  private proofs: { what: string; fired: boolean }[] = [];

  constructor(readonly file: string) {}

  get env(): Record<string, string> {
    return { ...this.fx.env, TENCENTCLOUD_REDIS_HTTP_TIMEOUT_MS: "3000" };
  }

  async start(opts: Parameters<typeof startFixture>[0] = {}): Promise<void> {
    resetResults(this.file);
    this.fx = await startFixture(opts);
  }

  async stop(): Promise<void> {
    await this.fx?.stop();
  }

  stack(name: string, config: Record<string, string>, secretConfig: Record<string, string>): FaultStack {
    const s = new FaultStack(this, name, config, secretConfig);
    this.stacks.push(s);
    return s;
  }

  audit(where: string, text: string): void {
    this.texts.push({ where, text });
  }

  /** Injects a fault; a scenario notes it when it did not fire during the scenario's run. @returns its id */
  async fault(f: FaultSpec): Promise<string> {
    const { id } = await this.fx.control<{ id: string }>("/_emulator/faults", "POST", f);
    this.injected.push({ id, action: f.action, kind: f.kind });
    return id;
  }

  /** Changes config values of a stack, injects the fault, runs a verbose `up`; says how that run ended. */
  async faultedUp(s: FaultStack, change: Record<string, string>, fault: FaultSpec): Promise<"succeeded" | "failed"> {
    Object.assign(s.config, change);
    await this.fault(fault);
    const up = await s.run("up", { verbose: true });
    return up.code === 0 ? "succeeded" : "failed";
  }

  /**
   * Starts `up`, SIGKILLs its process group once the emulator saw `action` (the run is then waiting on the cloud),
   * kills the provider plugin the CLI left in its own process group, and releases the lock as a user would.
   * @returns how many stray plugins were killed (reported by the scenarios)
   */
  async killMidWait(s: FaultStack, action: string): Promise<number> {
    await this.fx.clearCalls();
    const { child, done } = await startStackOp("up", s.options());
    await until(`the wait (${action})`, async () => (await this.fx.calls()).some((c) => c.action === action));
    process.kill(-(child.pid as number), "SIGKILL");
    const killed = await done;
    // The kill came after the action was seen (the wait above) and it is what ended the run.
    this.proofs.push({ what: `SIGKILL after ${action}`, fired: killed.signal === "SIGKILL" });
    const strays = killStrayPlugins(s.dir);
    this.audit("kill up", `${killed.stdout}\n${killed.stderr}`);
    await s.run("cancel");
    return strays;
  }

  async clearFaults(): Promise<void> {
    await this.fx.control("/_emulator/faults", "DELETE");
  }

  async emuState(): Promise<EmuState> {
    return this.fx.control<EmuState>("/_emulator/state");
  }

  /** The instance's redis-server port and the password the stack declares. */
  private async endpoint(stack: FaultStack, id: string): Promise<{ port: number; password: string } | undefined> {
    const inst = (await this.emuState()).instances.find((i) => i.redisId === id);
    const password = stack.secretConfig.redisPassword;
    return inst && password ? { port: inst.port, password } : undefined;
  }

  /** Writes a key to the stack's instance, remembered for the data check after each later scenario. */
  async writeData(stack: FaultStack, key: string, value: string): Promise<void> {
    const [id] = stack.stateIds().instances;
    if (!id) throw new Error(`${stack.name} holds no instance to write to`);
    const ep = await this.endpoint(stack, id);
    if (!ep) throw new Error(`instance ${id} is not in the emulator`);
    const [auth, set] = await redisCommands(ep.port, "127.0.0.1", [
      ["AUTH", ep.password],
      ["SET", key, value],
    ]);
    if (auth !== "OK" || set !== "OK") throw new Error(`cannot write ${key} to ${id}: ${auth} ${set}`);
    this.data.set(id, { ...(this.data.get(id) ?? {}), [key]: value });
  }

  /** Marks an instance bought outside any stack (a direct API call in a test) as not the stacks' to hold. */
  release(id: string): void {
    this.released.add(id);
  }

  /** Forgets the data of an instance whose contents change by design (restore, clear). */
  forgetData(id: string): void {
    this.data.delete(id);
  }

  private async dataIntact(): Promise<boolean> {
    for (const stack of this.stacks) {
      const { instances } = stack.stateIds();
      for (const id of instances) {
        const want = this.data.get(id);
        if (!want) continue;
        const ep = await this.endpoint(stack, id);
        if (!ep) return false;
        const keys = Object.keys(want);
        const got = await redisCommands(ep.port, "127.0.0.1", [["AUTH", ep.password], ...keys.map((k) => ["GET", k])]);
        if (got[0] !== "OK" || keys.some((k, i) => got[i + 1] !== want[k])) return false;
      }
    }
    return true;
  }

  /**
   * Runs a scenario: the faulted run, then `up` (with `refresh` first when a plain `up` does not converge), a
   * `preview` that must show no change, and the invariants. Records and returns the result (the test asserts it).
   */
  async scenario(def: ScenarioDef): Promise<ScenarioResult & { notes: string[]; info: string[] }> {
    const started = Date.now();
    const notes: string[] = [];
    const info: string[] = [];
    for (const [k, n] of Object.entries(def.buys ?? {})) this.expected[k as keyof typeof this.expected] += n ?? 0;
    let outcome: FaultOutcome;
    def.stack.lastGoodUp = undefined;
    this.injected = [];
    this.proofs = [];
    try {
      outcome = await def.run();
    } finally {
      await this.clearFaults();
    }
    // Every fault the run injected must have fired, else the scenario proved nothing about it.
    const injected = this.injected;
    const proofs = [...this.proofs];
    this.injected = [];
    this.proofs = [];
    if (def.firedBy) proofs.push({ what: `of ${def.name} (firedBy)`, fired: await def.firedBy() });
    const fired = faultsFired(injected, injected.length > 0 ? await this.fx.firedFaults() : [], proofs);
    notes.push(...fired.notes);
    const s = def.stack;
    const {
      up,
      how,
      converged: done,
    } = await converge(s, {
      outcome,
      destroys: def.destroys,
      stateEmpty: () => s.stateIds().instances.length === 0,
      notes,
      info,
    });
    let converged = done;
    if (converged && up && def.expectOutputs) {
      const line = up.stdout.split("\n").find((l) => l.startsWith("OUTPUTS ")) ?? "OUTPUTS {}";
      const wrong = outputMismatches(JSON.parse(line.slice(8)) as Record<string, unknown>, def.expectOutputs);
      notes.push(...wrong);
      converged = wrong.length === 0;
    }

    // Invariants over the whole emulator: purchases as planned, every live instance in exactly one state.
    const st = await this.emuState();
    const held = new Set<string>();
    for (const stack of this.stacks) for (const id of stack.stateIds().instances) held.add(id);
    await s.auditState();
    if (def.destroys) for (const i of st.instances) if (!held.has(i.redisId)) this.released.add(i.redisId);
    const deals = { create: 0, renew: 0, upgrade: 0 };
    for (const d of st.deals) deals[d.kind] += d.kind === "create" ? d.goodsNum : 1;
    const dealDuplicates =
      Math.max(0, deals.create - this.expected.create) +
      Math.max(0, deals.renew - this.expected.renew) +
      Math.max(0, deals.upgrade - this.expected.upgrade);
    const sameRemark = def.backupRemark ? st.backups.filter((b) => b.remark === def.backupRemark).length : 0;
    if (sameRemark > 1) notes.push(`${sameRemark} backups with remark ${def.backupRemark}`);
    const duplicates = dealDuplicates + Math.max(0, sameRemark - 1);
    if (dealDuplicates > 0) notes.push(`deals ${JSON.stringify(deals)} vs planned ${JSON.stringify(this.expected)}`);
    const leaked = st.instances.filter((i) => !held.has(i.redisId) && !this.released.has(i.redisId)).length;
    const missing = [...held].filter((id) => !st.instances.some((i) => i.redisId === id)).length;
    if (missing > 0) notes.push(`${missing} instance(s) in a state but not in the cloud`);
    const dataIntact = def.dataChangesByDesign ? true : await this.dataIntact();
    if (!dataIntact) notes.push("data written before the fault is not intact");

    const secrets = await collectSecrets(
      this.fx,
      this.stacks.map((x) => x.secretConfig.redisPassword ?? ""),
    );
    const report = auditTexts(this.texts, secrets);
    this.texts = [];
    for (const l of report.leaks.slice(0, 5)) notes.push(`secret (${l.kind}) in ${l.where}: ${l.excerpt}`);

    const result: ScenarioResult & { notes: string[]; info: string[] } = {
      file: this.file,
      scenario: def.name,
      operation: def.operation,
      fault: def.fault,
      faultedRun: outcome,
      convergedBy: converged ? how : "NOT CONVERGED",
      converged,
      duplicates,
      leaked: leaked + missing,
      dataIntact: def.dataChangesByDesign ? "by design" : dataIntact ? "yes" : "NO",
      secretsFound: report.leaks.length,
      engineTrace: report.engineTrace,
      faultsFired: fired.cell,
      seconds: Math.round((Date.now() - started) / 1000),
      notes,
      info,
    };
    this.results.push(result);
    recordResult(result);
    return result;
  }
}

/** A stack the convergence steps drive: runs one CLI operation, and keeps the last `up` that succeeded. */
export interface ConvergingStack {
  run(op: string): Promise<StackRun>;
  lastGoodUp: StackRun | undefined;
}

/**
 * The convergence steps after a faulted run, the same on both hosts: `destroy` for a scenario that deletes; nothing
 * more when the faulted `up` itself succeeded (the `preview` is the proof); else `up` (after `cancel` when a killed
 * run left the stack locked), and `refresh` then `up` when a plain `up` does not converge (recorded as such). Then a
 * `preview` must show no change; after a destroy, which has none to run, the state must be empty (`stateEmpty`).
 * Pushes what went wrong to `notes`, what is worth knowing to `info`.
 * @returns whether it converged, how, and the `up` that did (undefined after a destroy)
 */
export async function converge(
  s: ConvergingStack,
  o: { outcome: FaultOutcome; destroys?: boolean; stateEmpty: () => boolean; notes: string[]; info: string[] },
): Promise<{ converged: boolean; how: string; up: StackRun | undefined }> {
  let how = "up";
  let converged: boolean;
  let up: StackRun | undefined;
  if (o.destroys) {
    how = "destroy";
    const d = await s.run("destroy");
    converged = d.code === 0;
    if (!converged) o.notes.push(`destroy: ${tail(d)}`);
  } else if (o.outcome === "succeeded" && s.lastGoodUp) {
    // The faulted `up` itself converged: the `preview` below is the proof; another `up` would be a no-op.
    up = s.lastGoodUp;
    how = "faulted up";
    converged = true;
  } else {
    up = await s.run("up");
    if (up.code !== 0 && /locked by|lock/.test(up.stderr + up.stdout)) {
      o.info.push(`locked: ${tail(up)}`);
      await s.run("cancel");
      up = await s.run("up");
    }
    if (up.code !== 0) {
      // Allowed (the brief: "the next up, or refresh then up"); recorded in the table as how it converged.
      o.info.push(`first up: ${tail(up)}`);
      how = "refresh+up";
      await s.run("refresh");
      up = await s.run("up");
    }
    converged = up.code === 0;
    if (!converged) o.notes.push(`up: ${tail(up)}`);
  }
  // After a destroy the program still declares the resources, so "converged" is: nothing left in the state.
  const pre = o.destroys ? undefined : await s.run("preview");
  const noChanges = pre ? pre.code === 0 && !/to (create|update|replace|delete)\b/.test(pre.stdout) : o.stateEmpty();
  if (!noChanges) o.notes.push(pre ? `preview shows changes: ${tail(pre)}` : "the state still holds resources");
  return { converged: converged && noChanges, how, up };
}

/** The outputs that differ from the expected values, one note each (none: all match). */
export function outputMismatches(outs: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  return Object.entries(expected)
    .filter(([k, v]) => JSON.stringify(outs[k]) !== JSON.stringify(v))
    .map(([k, v]) => `output ${k} is ${JSON.stringify(outs[k])}, expected ${JSON.stringify(v)}`);
}

/** The error lines of a run (or its last lines), for a scenario's notes. */
export function tail(r: StackRun): string {
  const lines = `${r.stdout}\n${r.stderr}`.trim().split("\n");
  const errors = lines.filter((l) => /error|failed/i.test(l) && !l.startsWith('{"time":'));
  return (errors.length > 0 ? errors.slice(0, 4) : lines.slice(-6)).join(" | ").slice(0, 900);
}

/** A scenario passed every check: no note, converged, no duplicate, no leak, no secret. */
export function expectClean(r: Awaited<ReturnType<FaultWorld["scenario"]>>): void {
  expect(r.notes, r.notes.join("\n")).toEqual([]);
  expect(r).toMatchObject({ converged: true, duplicates: 0, leaked: 0, secretsFound: 0 });
}
