import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { opArgs, type StackRun } from "../e2e/cli";
import { type EmulatorCall, type EmulatorFixture, startFixture } from "../e2e/emulatorFixture";
import { redisCommands } from "../e2e/redisClient";
import { USER_ROOT } from "../userProject/installedPackage";
import { pluginDir, pluginInstall } from "../userProject/pluginTarball";
import { projectFiles, startPulumi } from "../userProject/project";
import { createYamlProject, pluginHome, writeYamlProgram, type YamlProject, yamlEnv } from "../userProject/yamlProject";
import { converge, type FaultOutcome, type FaultSpec, outputMismatches, tail, until } from "./harness";
import { faultsFired, type InjectedFault, RESULTS_DIR, recordResult, type ScenarioResult } from "./results";
import { type AuditText, auditTexts, collectSecrets } from "./secretAudit";

/*
 * The fault suite's order-safety scenarios on the provider plugin host: a YAML project (outside the repo) run by the
 * plain `pulumi` CLI with `pulumi-resource-tencentcloud-redis` installed from its tarball into a PULUMI_HOME, one
 * emulator per scenario so each scenario's orders are its own.
 */

const execFileAsync = promisify(execFile);

/** The orders a scenario may place; counted from the emulator's call log and its deals. */
export const ORDER_ACTIONS = { create: "CreateRedis", renew: "RenewRedis", upgrade: "UpgradeRedis" } as const;
export type OrderKind = keyof typeof ORDER_ACTIONS;
export type Orders = Record<OrderKind, number>;

/** What a YAML program declares: one Instance named `cache`, with what each scenario needs. */
export interface InstanceDecl {
  /** The instance's name (declared, so it never looks unclaimed to another run). Absent in the fresh-runner case. */
  name?: string;
  memSize?: number;
  /** YYYY-MM-DD (CST) */
  paidThrough?: string;
  adoptInstanceId?: string;
  customTimeouts?: { create?: string; update?: string; delete?: string };
  /** The resource's own bound on one wait for the cloud (the input, not the engine's customTimeouts). */
  waitTimeoutSeconds?: number;
  projectId?: number;
  autoRenew?: 0 | 1 | 2;
  restoreBackupId?: string;
  /** A Backup `snap` of the instance, with this remark (and an export, whose download URL the audit looks for). */
  backup?: { remark: string; export?: boolean };
}

/** The program (Pulumi.yaml after name and runtime) of one Instance whose password comes from a secret config key. */
export function instanceProgram(d: InstanceDecl): string {
  const props = [
    "zoneId: 100002",
    "typeId: 2",
    `memSize: ${d.memSize ?? 1024}`,
    `password: \${redisPassword}`,
    ...(d.name === undefined ? [] : [`name: ${JSON.stringify(d.name)}`]),
    ...(d.paidThrough === undefined ? [] : [`paidThrough: ${JSON.stringify(d.paidThrough)}`]),
    ...(d.adoptInstanceId === undefined ? [] : [`adoptInstanceId: ${JSON.stringify(d.adoptInstanceId)}`]),
    ...(d.projectId === undefined ? [] : [`projectId: ${d.projectId}`]),
    ...(d.autoRenew === undefined ? [] : [`autoRenew: ${d.autoRenew}`]),
    ...(d.waitTimeoutSeconds === undefined ? [] : [`waitTimeoutSeconds: ${d.waitTimeoutSeconds}`]),
    ...(d.restoreBackupId === undefined ? [] : [`restoreBackupId: ${JSON.stringify(d.restoreBackupId)}`]),
  ];
  const backup =
    d.backup === undefined
      ? ""
      : "  snap:\n    type: tencentcloud-redis:index:Backup\n    properties:\n" +
        `      instanceId: \${cache.instanceId}\n      remark: ${JSON.stringify(d.backup.remark)}\n` +
        (d.backup.export === undefined ? "" : `      export: ${d.backup.export}\n`);
  const timeouts = Object.entries(d.customTimeouts ?? {});
  const options =
    timeouts.length === 0
      ? ""
      : `    options:\n      customTimeouts:\n${timeouts.map(([k, v]) => `        ${k}: ${v}\n`).join("")}`;
  return (
    "config:\n  redisPassword:\n    type: string\n    secret: true\n" +
    "resources:\n  cache:\n    type: tencentcloud-redis:index:Instance\n    properties:\n" +
    props.map((p) => `      ${p}\n`).join("") +
    options +
    backup +
    `outputs:\n  instanceId: \${cache.instanceId}\n  name: \${cache.name}\n  status: \${cache.status}\n` +
    `  deadline: \${cache.deadline}\n  memSize: \${cache.memSize}\n`
  );
}

/** One process of a project's `pulumi` run (the CLI, its language host, the provider plugins). */
export interface ProjectProcess {
  pid: number;
  ppid: number;
  cmd: string;
  cwd: string;
}

/** The `ppid` field of /proc/<pid>/stat (the command name in parentheses may hold spaces). */
function parentOf(pid: string): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/**
 * Every live process started for this project: found by the file backend its environment names (each project has its
 * own state folder), which the CLI hands to its language host and its plugins, and which survives their re-parenting
 * when the CLI dies. Not by the working folder and a name pattern (killStrayPlugins in test/e2e/cli.ts): the launcher
 * execs node on the plugin's main.js, so no `pulumi-resource-` is left in its command line, and a plugin could change
 * its folder (it entered its install folder until f4f7b25). Linux.
 */
export function projectProcesses(p: YamlProject): ProjectProcess[] {
  const marker = `PULUMI_BACKEND_URL=file://${p.stateDir}\0`;
  const out: ProjectProcess[] = [];
  for (const pid of fs.readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (!`${fs.readFileSync(`/proc/${pid}/environ`, "utf8")}\0`.includes(marker)) continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      if (cmd === "") continue; // a zombie
      out.push({ pid: Number(pid), ppid: parentOf(pid), cmd, cwd: fs.readlinkSync(`/proc/${pid}/cwd`) });
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** The plugin's own code, whichever way it was started (the launcher execs node on it). */
export const PLUGIN_MAIN = "dist/provider/hosts/plugin/main.js";

/** A process is gone (or a zombie nobody reaped yet). */
function gone(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") === "";
  } catch {
    return true;
  }
}

/** SIGKILLs the given processes and waits until /proc shows them gone. */
export async function killAndReap(pids: number[]): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  const end = Date.now() + 10_000;
  while (pids.some((pid) => !gone(pid))) {
    if (Date.now() > end) throw new Error(`processes ${pids.filter((x) => !gone(x)).join(", ")} outlived SIGKILL`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A PULUMI_HOME of its own with the plugin installed from the tarball: a new CI runner's. */
export async function freshPluginHome(): Promise<string> {
  fs.mkdirSync(path.join(USER_ROOT, "homes"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(USER_ROOT, "homes", "fresh-runner-"));
  const install = pluginInstall(dir);
  await execFileAsync("pulumi", install.args, { env: install.env });
  return dir;
}

export { pluginDir };

/** The purchase journal's folder below a working folder (journal.ts `journalDir` default). */
export function journalBelow(dir: string): string {
  return path.join(dir, ".pulumi-tencentcloud-redis", "purchases");
}

function filesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** An Instance as the stack's checkpoint holds it. */
export interface StateInstance {
  id: string;
  /** The instance id the outputs name (the resource id may still be `pending-deal-<deal>` until a refresh). */
  instanceId: string | undefined;
  outputs: Record<string, unknown>;
}

/** One YAML stack (`dev`) of one project, with the texts its runs produced for the secret audit. */
export class PluginStack {
  readonly project: YamlProject;
  /** The PULUMI_HOME the next runs use (a fresh runner swaps it). */
  home: string;
  /** The password the stack's config declares now (`rotatePassword` changes it). */
  password: string;
  /** Every password the stack's config has declared (all of them are looked for by the audit). */
  readonly passwords: string[] = [];
  lastGoodUp: StackRun | undefined;
  private configured = false;

  constructor(
    private readonly world: PluginWorld,
    readonly name: string,
    decl: InstanceDecl,
    password: string,
  ) {
    // A project name of its own: the plugin's journal is keyed `<project>/<stack>/<resource>` (see the report).
    this.project = createYamlProject(`plugin-${name}`, instanceProgram(decl), `plugin-faults-${name}`);
    this.home = this.project.home;
    this.password = password;
    this.passwords.push(password);
  }

  /** Sets a new password in the stack's config (a secret), as a user rotating it does; the next `up` applies it. */
  async rotatePassword(password: string): Promise<void> {
    await this.prepare();
    const r = await this.pulumi(["config", "set-all", "--stack", "dev", "--secret", `redisPassword=${password}`]);
    if (r.code !== 0) throw new Error(`pulumi config set-all: ${r.stderr}${r.stdout}`);
    this.password = password;
    this.passwords.push(password);
  }

  get env(): Record<string, string> {
    return yamlEnv(this.project, { ...this.world.env, PULUMI_HOME: this.home });
  }

  program(decl: InstanceDecl): void {
    writeYamlProgram(this.project, instanceProgram(decl));
  }

  private async pulumi(args: string[]): Promise<StackRun> {
    return startPulumi(this.project, args, this.env).done;
  }

  /** The stack and its secret, once (what a user does before the first `up`). */
  private async prepare(): Promise<void> {
    if (this.configured) return;
    for (const args of [
      ["stack", "init", "dev", "--non-interactive"],
      ["config", "set-all", "--stack", "dev", "--secret", `redisPassword=${this.password}`],
    ]) {
      const r = await this.pulumi(args);
      if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")}: ${r.stderr}${r.stdout}`);
    }
    this.configured = true;
  }

  /** Starts `pulumi <op>` (preview, up, refresh, cancel, export) in its own process group. */
  async start(op: string): Promise<{ child: ReturnType<typeof startPulumi>["child"]; done: Promise<StackRun> }> {
    await this.prepare();
    const { child, done } = startPulumi(
      this.project,
      opArgs(op, { program: "", dir: this.project.dir }, "dev"),
      this.env,
    );
    return {
      child,
      done: done.then((r) => {
        this.world.audit(`${this.name} ${op}`, `${r.stdout}\n${r.stderr}`);
        // Kept for a reader of a failed scenario (under .work, never committed).
        const logs = path.join(RESULTS_DIR, "logs");
        fs.mkdirSync(logs, { recursive: true });
        fs.writeFileSync(path.join(logs, `plugin-${this.name}-${op}-${Date.now()}.log`), `${r.stdout}\n${r.stderr}`);
        if (op === "up") this.lastGoodUp = r.code === 0 ? r : undefined;
        return r;
      }),
    };
  }

  async run(op: string): Promise<StackRun> {
    return (await this.start(op)).done;
  }

  /** The resources of the checkpoint of one type (the file backend's, read without the CLI). */
  private resources(type: string): { id: string; outputs: Record<string, unknown> }[] {
    const file = path.join(this.project.stateDir, ".pulumi", "stacks", this.project.project, "dev.json");
    if (!fs.existsSync(file)) return [];
    const cp = JSON.parse(fs.readFileSync(file, "utf8")) as {
      checkpoint?: { latest?: { resources?: { type: string; id?: string; outputs?: Record<string, unknown> }[] } };
    };
    return (cp.checkpoint?.latest?.resources ?? [])
      .filter((r) => r.type === type && typeof r.id === "string" && r.id !== "")
      .map((r) => ({ id: String(r.id), outputs: r.outputs ?? {} }));
  }

  /** The Backup resources of the checkpoint: their `backupId` outputs. */
  backupIds(): string[] {
    return this.resources("tencentcloud-redis:index:Backup").map((r) =>
      typeof r.outputs.backupId === "string" ? r.outputs.backupId : r.id,
    );
  }

  /** The Instance resources of the checkpoint (the file backend's, read without the CLI). */
  instances(): StateInstance[] {
    return this.resources("tencentcloud-redis:index:Instance").map((r) => {
      const outputs = r.outputs ?? {};
      const own = typeof outputs.instanceId === "string" ? outputs.instanceId : undefined;
      return { id: String(r.id), instanceId: own ?? (String(r.id).startsWith("crs-") ? r.id : undefined), outputs };
    });
  }

  /** Journal files the plugin wrote: beside the program (documented) and in the plugin's folder of each home used. */
  journalFiles(homes: string[] = [this.project.home, this.home]): string[] {
    const dirs = new Set([journalBelow(this.project.dir), ...homes.map((h) => journalBelow(pluginDir(h)))]);
    return [...dirs].flatMap(filesIn);
  }

  /** Kills whatever processes of this project are still alive (a killed CLI's plugins); their command lines. */
  async killStrays(): Promise<string[]> {
    const left = projectProcesses(this.project);
    await killAndReap(left.map((x) => x.pid));
    return left.map((x) => x.cmd);
  }
}

/** A scenario on the plugin host: one faulted operation, then convergence and the invariants. */
export interface PluginScenarioDef {
  name: string;
  operation: string;
  fault: string;
  stack: PluginStack;
  /** Orders the scenario declares (its setup's included): what the emulator may have received. */
  declared: Partial<Orders>;
  run: () => Promise<FaultOutcome>;
  /** Outputs the converged state must hold. */
  expectOutputs?: Record<string, unknown>;
  /** The scenario restores or deletes the data by design: no data check. */
  dataChangesByDesign?: boolean;
  /** The stack ends destroyed (`pulumi destroy` converges): the state holds nothing, the instances are released. */
  destroys?: boolean;
  /** Remark of the backup the scenario makes: exactly one backup with it may exist afterwards. */
  backupRemark?: string;
}

export interface PluginScenarioResult extends ScenarioResult {
  notes: string[];
  info: string[];
  /** CreateRedis/RenewRedis/UpgradeRedis calls in the emulator's log, by order kind. */
  placed: Orders;
  declared: Orders;
  /** Deals the emulator holds, by kind (a create deal counts its instances). */
  deals: Orders;
  stateIds: string[];
  cloudIds: string[];
}

const noOrders = (): Orders => ({ create: 0, renew: 0, upgrade: 0 });

/**
 * Whether the emulator carried out a call: it answered success (code 0), or a fault dropped or mangled the answer
 * after the action committed (the call log keeps code 0 for those, and `code6000AfterCommit` logs its 6000 with the
 * fired fault's seq). A call refused before the action ran (a reset socket: code -1; throttled 4400, 6000, 10707, a
 * validation error) placed nothing.
 */
function carriedOut(c: EmulatorCall, afterCommit: ReadonlySet<number>): boolean {
  return c.code === 0 || c.code === "0" || afterCommit.has(c.seq);
}

/**
 * The orders of a call log, by kind: the order calls the emulator carried out. `sent` counts every order call,
 * refused ones included (a reset or a throttled call is sent again, and places one order in all).
 * @param afterCommit - seqs of the calls a `code6000AfterCommit` fault answered (committed, code 6000)
 */
export function ordersIn(calls: EmulatorCall[], afterCommit: ReadonlySet<number> = new Set()): Orders {
  const out = noOrders();
  for (const [kind, action] of Object.entries(ORDER_ACTIONS) as [OrderKind, string][])
    out[kind] = calls.filter((c) => c.action === action && carriedOut(c, afterCommit)).length;
  return out;
}

/** Every order call of a call log, by kind, whether the emulator carried it out or refused it. */
export function ordersSent(calls: EmulatorCall[]): Orders {
  const out = noOrders();
  for (const [kind, action] of Object.entries(ORDER_ACTIONS) as [OrderKind, string][])
    out[kind] = calls.filter((c) => c.action === action).length;
  return out;
}

/**
 * The provider's wait on a deal ended at a 3 s deadline (customTimeouts, or the resource's waitTimeoutSeconds): its
 * error says how long it waited, far less than the deal takes (10-20 s) or than its default bound (1800 s); the
 * margin is for a timer late on a loaded runner. Read from the message, not from the test's clock, so a slow CLI
 * does not blur it.
 */
export const endedAtDeadline = (message: string): boolean => {
  const waited = /still pending after ([\d.]+) s/.exec(message)?.[1];
  return waited !== undefined && Number(waited) < 6;
};

interface EmuState {
  instances: {
    redisId: string;
    redisName: string;
    status: number;
    deadlineTime?: string;
    port: number;
    autoRenew: number;
  }[];
  deals: { dealId: string; kind: OrderKind; goodsNum: number; status: number }[];
  backups: { backupId: string; remark?: string }[];
}

/**
 * Where the plugin host's table is kept as the suite runs (next to `.work/faults/results.md`): one JSON-lines file
 * per test file (`plugin.test.ts`'s is `plugin-host.jsonl`), so files run in parallel never clear each other's rows.
 */
const hostLines = (file: string): string =>
  path.join(
    RESULTS_DIR,
    file === "plugin" ? "plugin-host.jsonl" : `plugin-host-${file.replace(/[^A-Za-z0-9_-]/g, "_")}.jsonl`,
  );

/** Starts a test file's rows of the plugin host's table afresh (each file owns its own). */
export function resetPluginHostTable(file = "plugin"): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.rmSync(hostLines(file), { force: true });
}

function recordHostRow(r: PluginScenarioResult): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.appendFileSync(hostLines(r.file), `${JSON.stringify(r)}\n`);
  const rows = fs
    .readdirSync(RESULTS_DIR)
    .filter((f) => /^plugin-host.*\.jsonl$/.test(f))
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(RESULTS_DIR, f), "utf8").split("\n"))
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as PluginScenarioResult);
  const o = (x: Orders) => `${x.create}/${x.renew}/${x.upgrade}`;
  const body = rows
    .map(
      (x) =>
        `| ${x.scenario} | ${x.operation} | ${x.fault} | ${x.faultedRun} | ${x.faultsFired} | ${o(x.placed)} | ${o(x.declared)} | ${x.converged ? `yes (${x.convergedBy})` : "NO"} | ${x.leaked} | ${x.dataIntact} | ${x.secretsFound} | ${x.seconds} |`,
    )
    .join("\n");
  fs.writeFileSync(
    path.join(RESULTS_DIR, "plugin-host.md"),
    `# Plugin host (measured ${new Date().toISOString()})\n\n` +
      "| scenario | operation | fault | faulted run | faults fired | orders placed (create/renew/upgrade) | declared | converged | leaked | data intact | secrets found | s |\n" +
      "|---|---|---|---|---|---|---|---|---|---|---|---|\n" +
      `${body}\n`,
  );
}

export { tail };

/**
 * One scenario's world on the plugin host: its own emulator (so the orders in its call log are the scenario's), its
 * stacks, the texts to audit, the faults it injected and the proofs of the faults the emulator cannot see.
 */
export class PluginWorld {
  fx!: EmulatorFixture;
  readonly stacks: PluginStack[] = [];
  private texts: AuditText[] = [];
  private injected: InjectedFault[] = [];
  private proofs: { what: string; fired: boolean }[] = [];
  /** PULUMI_HOMEs used by this world's stacks (their plugin folders hold the journal: see the report). */
  readonly homes = new Set<string>();
  /** The call log of the emulator's runs before the last `restart()` (a restart starts an empty log). */
  private callsBefore: EmulatorCall[] = [];
  /** Instances a destroy released (auto-renew 2): the cloud keeps them, no state holds them. */
  private readonly released = new Set<string>();
  /** Keys written to each instance's Redis before the faults, and their values. */
  private readonly data = new Map<string, Record<string, string>>();

  constructor(readonly file: string) {}

  get env(): Record<string, string> {
    return { ...this.fx.env, TENCENTCLOUD_REDIS_HTTP_TIMEOUT_MS: "3000" };
  }

  async start(opts: Parameters<typeof startFixture>[0] = {}): Promise<void> {
    this.fx = await startFixture(opts);
  }

  async stop(): Promise<void> {
    for (const s of this.stacks) await s.killStrays();
    await this.fx?.stop();
    // A fresh runner's PULUMI_HOME (a plugin install of its own) is this world's alone; the shared one stays.
    for (const s of this.stacks) if (s.home !== s.project.home) fs.rmSync(s.home, { recursive: true, force: true });
  }

  stack(name: string, decl: InstanceDecl, password: string): PluginStack {
    const s = new PluginStack(this, name, decl, password);
    this.stacks.push(s);
    this.homes.add(s.home);
    return s;
  }

  audit(where: string, text: string): void {
    this.texts.push({ where, text });
  }

  async fault(f: FaultSpec): Promise<string> {
    const { id } = await this.fx.control<{ id: string }>("/_emulator/faults", "POST", f);
    this.injected.push({ id, action: f.action, kind: f.kind });
    return id;
  }

  /** A fault the emulator cannot see (a kill, a timeout), and whether the scenario showed it happened as meant. */
  prove(what: string, fired: boolean): void {
    this.proofs.push({ what, fired });
  }

  async emuState(): Promise<EmuState> {
    return this.fx.control<EmuState>("/_emulator/state");
  }

  /** Whether every deal the emulator holds is delivered (status 4). */
  async dealsDelivered(): Promise<boolean> {
    const { deals } = await this.emuState();
    return deals.length > 0 && deals.every((d) => d.status === 4);
  }

  /** The orders the emulator carried out in this world (see `ordersIn`). */
  async orders(): Promise<Orders> {
    const afterCommit = (await this.fx.firedFaults())
      .filter((f) => f.kind === "code6000AfterCommit" && f.seq !== undefined)
      .map((f) => Number(f.seq));
    return ordersIn(await this.calls(), new Set(afterCommit));
  }

  /**
   * Whether the emulator logged `then` after a `first` (e.g. the wait on the deal an UpgradeRedis placed), looking at
   * the world's calls from index `since` on (the length of `calls()` before the run began).
   */
  async seenAfter(first: string, then: string, since = 0): Promise<boolean> {
    const calls = (await this.calls()).slice(since);
    const at = calls.findIndex((c) => c.action === first);
    return at >= 0 && calls.slice(at + 1).some((c) => c.action === then);
  }

  /**
   * Starts `up`, SIGKILLs `pulumi`'s process group once `waitSeen` (the run is then waiting on the cloud), kills what
   * the CLI started in groups of their own (language host, plugins) and releases the lock as a user would. Proves
   * the fault: the kill ended the run while a deal was pending.
   * @returns the CLI's pid, the project's processes and journal files just before the kill, the command lines of
   * those left running by it
   */
  async killCliMidWait(
    s: PluginStack,
    waitSeen: () => Promise<boolean>,
    what = "SIGKILL of pulumi's group while the deal was pending",
  ): Promise<{ pid: number; before: ProjectProcess[]; journal: string[]; left: string[] }> {
    const { child, done } = await s.start("up");
    const pid = child.pid as number;
    await until("the wait on the order", waitSeen);
    const journal = s.journalFiles();
    const midWait = !(await this.dealsDelivered());
    const before = projectProcesses(s.project);
    process.kill(-pid, "SIGKILL");
    const killed = await done;
    // The CLI starts its language host and each plugin in process groups of their own: they outlive the kill.
    const left = await s.killStrays();
    this.prove(what, killed.signal === "SIGKILL" && midWait);
    const cancel = await s.run("cancel");
    if (cancel.code !== 0) throw new Error(`pulumi cancel: ${tail(cancel)}`);
    return { pid, before, journal, left };
  }

  /** Every call the emulator logged in this world, across restarts. */
  async calls(): Promise<EmulatorCall[]> {
    return [...this.callsBefore, ...(await this.fx.calls())];
  }

  /** Restarts the emulator (same port and data), keeping its call log for the order count and the audit. */
  async restart(): Promise<void> {
    this.callsBefore = await this.calls();
    await this.fx.restart();
  }

  /** The redis-server port of a live instance of the emulator. */
  private async redisPort(id: string): Promise<number | undefined> {
    return (await this.emuState()).instances.find((i) => i.redisId === id)?.port;
  }

  /** Writes a key to the stack's instance with the stack's password; checked after each later scenario. */
  async writeData(s: PluginStack, key: string, value: string): Promise<void> {
    const id = s.instances()[0]?.instanceId;
    const port = id === undefined ? undefined : await this.redisPort(id);
    if (id === undefined || port === undefined) throw new Error(`${s.name}: no instance to write to`);
    const [auth, set] = await redisCommands(port, "127.0.0.1", [
      ["AUTH", s.password],
      ["SET", key, value],
    ]);
    if (auth !== "OK" || set !== "OK") throw new Error(`cannot write ${key} to ${id}: ${auth} ${set}`);
    this.data.set(id, { ...(this.data.get(id) ?? {}), [key]: value });
  }

  /** Forgets the data of an instance whose contents change by design (a restore). */
  forgetData(id: string): void {
    this.data.delete(id);
  }

  /** Every key written to an instance a stack holds reads back the same, with the stack's current password. */
  private async dataIntact(): Promise<boolean> {
    for (const s of this.stacks) {
      for (const inst of s.instances()) {
        const id = inst.instanceId ?? inst.id;
        const want = this.data.get(id);
        if (!want) continue;
        const port = await this.redisPort(id);
        if (port === undefined) return false;
        const keys = Object.keys(want);
        const got = await redisCommands(port, "127.0.0.1", [["AUTH", s.password], ...keys.map((k) => ["GET", k])]);
        if (got[0] !== "OK" || keys.some((k, i) => got[i + 1] !== want[k])) return false;
      }
    }
    return true;
  }

  /** Runs the scenario, converges, checks the invariants, records the row (the test asserts it). */
  async scenario(def: PluginScenarioDef): Promise<PluginScenarioResult> {
    const started = Date.now();
    const notes: string[] = [];
    const info: string[] = [];
    const s = def.stack;
    s.lastGoodUp = undefined;
    let outcome: FaultOutcome;
    try {
      outcome = await def.run();
    } finally {
      await this.fx.control("/_emulator/faults", "DELETE");
    }
    this.homes.add(s.home);
    const fired = faultsFired(this.injected, this.injected.length > 0 ? await this.fx.firedFaults() : [], this.proofs);
    notes.push(...fired.notes);
    this.injected = [];
    this.proofs = [];

    const { converged: done, how } = await converge(s, {
      outcome,
      destroys: def.destroys,
      stateEmpty: () => s.instances().length === 0 && s.backupIds().length === 0,
      notes,
      info,
    });
    let converged = done;
    const state = s.instances();
    if (converged && def.expectOutputs) {
      const wrong = outputMismatches(state[0]?.outputs ?? {}, def.expectOutputs);
      notes.push(...wrong);
      converged = wrong.length === 0;
    }

    // Orders: the call log's order calls against what the scenario declared; the deals the emulator holds too.
    const placed = await this.orders();
    const sent = ordersSent(await this.calls());
    for (const k of Object.keys(ORDER_ACTIONS) as OrderKind[])
      if (sent[k] !== placed[k]) info.push(`${ORDER_ACTIONS[k]} sent ${sent[k]}, carried out ${placed[k]}`);
    const declared = { ...noOrders(), ...def.declared };
    const st = await this.emuState();
    const deals = noOrders();
    for (const d of st.deals) deals[d.kind] += d.kind === "create" ? d.goodsNum : 1;
    let duplicates = 0;
    for (const k of Object.keys(ORDER_ACTIONS) as OrderKind[]) {
      duplicates += Math.max(0, placed[k] - declared[k]) + Math.max(0, deals[k] - declared[k]);
      if (placed[k] !== declared[k]) notes.push(`${ORDER_ACTIONS[k]} placed ${placed[k]}, declared ${declared[k]}`);
      if (deals[k] !== declared[k]) notes.push(`${k} deals in the emulator ${deals[k]}, declared ${declared[k]}`);
    }

    // Backups: exactly one with the scenario's remark (a lost answer must not make a second).
    const sameRemark = def.backupRemark ? st.backups.filter((b) => b.remark === def.backupRemark).length : 0;
    if (def.backupRemark && sameRemark !== 1) notes.push(`${sameRemark} backups with remark ${def.backupRemark}`);
    duplicates += Math.max(0, sameRemark - 1);

    // Instances: the emulator's against every state's (by the instance id the state names).
    const stateIds = this.stacks.flatMap((x) => x.instances().map((i) => i.instanceId ?? i.id));
    if (def.destroys) {
      for (const i of st.instances)
        if (!stateIds.includes(i.redisId) && i.autoRenew === 2) this.released.add(i.redisId);
    }
    const cloudIds = st.instances.map((i) => i.redisId).filter((id) => !this.released.has(id));
    const leaked =
      cloudIds.filter((id) => !stateIds.includes(id)).length + stateIds.filter((id) => !cloudIds.includes(id)).length;
    if (leaked > 0) notes.push(`instances: state ${JSON.stringify(stateIds)}, emulator ${JSON.stringify(cloudIds)}`);

    // Secrets: the CLI's output of every run, `pulumi stack export`, the project folder (state included), the journal.
    const exported = await s.run("export");
    if (exported.code !== 0) notes.push(`stack export: ${tail(exported)}`);
    for (const f of projectFiles(s.project)) this.audit(`${s.name} file ${path.relative(s.project.dir, f)}`, read(f));
    for (const f of s.journalFiles([...this.homes])) this.audit(`${s.name} journal ${f}`, read(f));
    const dataIntact = def.dataChangesByDesign || def.destroys ? "by design" : (await this.dataIntact()) ? "yes" : "NO";
    if (dataIntact === "NO") notes.push("data written before the fault is not intact");
    // The call log across restarts (passwords and signatures sent before a restart are looked for too).
    const calls = await this.calls();
    const secrets = await collectSecrets(
      { ...this.fx, calls: async () => calls },
      this.stacks.flatMap((x) => x.passwords),
    );
    const report = auditTexts(this.texts, secrets);
    this.texts = [];
    for (const l of report.leaks.slice(0, 5)) notes.push(`secret (${l.kind}) in ${l.where}: ${l.excerpt}`);

    const result: PluginScenarioResult = {
      file: this.file,
      scenario: def.name,
      operation: def.operation,
      fault: def.fault,
      faultedRun: outcome,
      convergedBy: converged ? how : "NOT CONVERGED",
      converged,
      duplicates,
      leaked,
      dataIntact: this.data.size > 0 || dataIntact === "by design" ? dataIntact : "n/a",
      secretsFound: report.leaks.length,
      engineTrace: report.engineTrace,
      faultsFired: fired.cell,
      seconds: Math.round((Date.now() - started) / 1000),
      notes,
      info,
      placed,
      declared,
      deals,
      stateIds,
      cloudIds,
    };
    recordResult(result);
    recordHostRow(result);
    return result;
  }
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/**
 * A world of a test file (its own emulator, deals taking `dealDelayMs`) with one stack whose `up` bought its instance,
 * and a key written to that instance's Redis: the data check reads it back after every later scenario.
 */
export async function worldWithInstance(
  file: string,
  label: string,
  decl: InstanceDecl,
  password: string,
  dealDelayMs = 1000,
): Promise<{ world: PluginWorld; s: PluginStack }> {
  const world = new PluginWorld(file);
  await world.start({ dealDelayMs });
  const s = world.stack(label, decl, password);
  const up = await s.run("up");
  if (up.code !== 0) throw new Error(up.stdout + up.stderr);
  await world.writeData(s, "precious", `survives every fault (${label})`);
  return { world, s };
}

/**
 * The shared PULUMI_HOME of this test process (the plugin installed once): made before the scenarios start, since it
 * runs `pulumi plugin install` synchronously and every emulator lives in this process.
 */
export function sharedPluginHome(): string {
  return pluginHome();
}
