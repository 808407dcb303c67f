import { median } from "./emulator";
import type { PluginResult } from "./plugin";
import type { PreviewResult } from "./preview";
import type { RefreshResult, UpResult } from "./scale";
import type { CreateRun } from "./singleCreate";

/** One series of single creates: one poller, one deal delay. */
export interface CreateSeries {
  poller: "adaptive" | "anchor";
  delayMs: number;
  runs: CreateRun[];
  error?: string;
}

/** Everything one bench run measured. */
export interface BenchResults {
  machine: { cpus: number; cpuModel: string; node: string; date: string; platform: string };
  creates: CreateSeries[];
  ups: UpResult[];
  refreshes: RefreshResult[];
  previews: PreviewResult[];
  /** The provider plugin's part (`BENCH_ONLY=plugin` runs it alone). */
  plugin: PluginResult[];
  durationS: number;
}

const s = (ms: number | undefined, digits = 2): string => (ms === undefined ? "–" : (ms / 1000).toFixed(digits));
const n = (x: number | undefined): string => (x === undefined ? "–" : String(Math.round(x * 10) / 10));

function createRows(series: CreateSeries[]): string[] {
  const rows: string[] = [];
  for (const delayMs of [...new Set(series.map((x) => x.delayMs))].sort((a, b) => a - b)) {
    for (const x of series.filter((y) => y.delayMs === delayMs)) {
      if (x.error !== undefined) {
        rows.push(`| ${delayMs / 1000} s | ${x.poller} | failed: ${x.error.split("\n")[0]} | | | | |`);
        continue;
      }
      const groups =
        x.poller === "adaptive"
          ? ([
              ["project, cold", x.runs.filter((r) => !r.warm)],
              ["project, warm", x.runs.filter((r) => r.warm)],
            ] as const)
          : ([["anchor (baseline)", x.runs]] as const);
      for (const [label, runs] of groups) {
        if (runs.length === 0) continue;
        const over = runs.map((r) => r.overshootMs).filter((v): v is number => v !== undefined);
        rows.push(
          `| ${delayMs / 1000} s | ${label} | ${runs.length} | ${s(median(over))} | ${s(Math.max(...over))} | ` +
            `${n(median(runs.map((r) => r.dealPolls)))} | ${n(median(runs.map((r) => r.apiCalls)))} |`,
        );
      }
    }
  }
  return rows;
}

function actions(by: Record<string, number>): string {
  return Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

const UP_ACTIONS = ["CreateRedis", "DescribeRedisDealDetail", "DescribeRedis"] as const;

function pluginUpRow(host: string, program: string, u: UpResult | undefined): string {
  if (u === undefined) return `| ${host} | ${program} | not run | | | | | | | | |`;
  const rest = Object.entries(u.byAction).filter(([a]) => !(UP_ACTIONS as readonly string[]).includes(a));
  return (
    `| ${host} | ${program} | ${u.ok ? "yes" : "**no**"} | **${u.apiCalls}** | ` +
    `${UP_ACTIONS.map((a) => u.byAction[a] ?? 0).join(" | ")} | ${actions(Object.fromEntries(rest)) || "–"} | ` +
    `${u.answers4400} | ${s(u.apiSpanMs, 1)} | ${u.cliDurationS ?? "–"} |`
  );
}

/** The plugin's section: it carries its own date and machine, so it can be read (or quoted) alone. */
function pluginSection(r: BenchResults): string[] {
  const m = r.machine;
  const lines = [
    "## The provider plugin against a trivial Node plugin and the dynamic host",
    "",
    ...r.plugin.map(
      (p) =>
        `Run ${m.date} on ${m.cpus} CPU(s) (${m.cpuModel}), ${m.platform}, Node ${m.node}; this part took ` +
        `${Math.round(p.durationS)} s (building both plugin tarballs and installing them: ${Math.round(p.setupS)} s); ` +
        `1-minute load average ${p.loadAvg.map((l) => l.toFixed(1)).join(" at the start, ")} at the end.`,
    ),
    "",
    "Both plugins are installed from tarballs with `pulumi plugin install resource <name> v<version> --file <tarball>`",
    "into one fresh PULUMI_HOME: `pulumi-resource-tencentcloud-redis` as `scripts/pluginPackage.sh` builds it (the",
    "tarball of `bash scripts/run.sh plugin`), and `pulumi-resource-benchtrivial` (bench/trivialPlugin/plugin.ts: the",
    "SDK's `main(provider, args)` of `@pulumi/pulumi/provider`, whose check, diff and create do nothing). The programs",
    "are YAML (`runtime: yaml`) in project folders outside the repo: a secret password in config and N resources with",
    "the inputs of bench/programs/instances.ts, the same text for both stacks but for the type token.",
    "",
    "**Preview** of the unchanged stacks (the plugin's is the one its up below created). One warm-up preview of each",
    "first, not counted; then the pairs, the order within a pair alternating, so both see the same machine load. The",
    "ratio of the median wall times is what this provider adds to any Node plugin's cost. API calls: the emulator's",
    "log over every preview of the plugin's stack, the warm-up included.",
    "",
    "| resources | pairs | median preview, plugin (s) | median preview, trivial plugin (s) | ratio | API calls of the previews | warm-up, plugin / trivial (s, not counted) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...r.plugin.map((p) =>
      p.pluginPreviewMs.length === p.pairs && p.trivialPreviewMs.length === p.pairs
        ? `| ${p.count} | ${p.pairs} | ${s(median(p.pluginPreviewMs))} | ${s(median(p.trivialPreviewMs))} | ` +
          `**${p.ratio.toFixed(2)}×** | ${p.previewApiCalls} | ${s(p.warmupMs?.plugin)} / ${s(p.warmupMs?.trivial)} |`
        : `| ${p.count} | ${p.pairs} | failed: ${(p.error ?? "").split("\n")[0]} | | | | |`,
    ),
    "",
    ...r.plugin.map(
      (p) =>
        `Previews in run order (s): plugin ${p.pluginPreviewMs.map((x) => s(x)).join(", ")}; ` +
        `trivial plugin ${p.trivialPreviewMs.map((x) => s(x)).join(", ")}.`,
    ),
    "",
    "**Up**: `pulumi up --yes --skip-preview --parallel N` of N instances in a new folder (no wait history: the",
    "project's poller, cold), each host against an emulator of its own with the settings of the ups above (10 s deals,",
    "20 requests/s for all actions together). The dynamic host's row is this run's cold unnamed up of",
    "bench/programs/instances.ts (TypeScript), the table above's first row when the whole bench runs. Both make one",
    "CreateRedis and one ModifyRedisName per instance; the deal polls and reads vary by a few calls from run to run,",
    "for either host, with when the purchases land in the poller's schedule.",
    "",
    "| host | program | ok | API calls | CreateRedis | DescribeRedisDealDetail | DescribeRedis | other actions | 4400 answers | API span (s) | CLI duration (s) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const p of r.plugin) {
    lines.push(pluginUpRow("dynamic", "TypeScript", p.dynamicUp), pluginUpRow("plugin", "YAML", p.up));
  }
  lines.push("");
  for (const p of r.plugin) {
    if (p.up === undefined || p.dynamicUp === undefined) continue;
    const d = p.up.apiCalls - p.dynamicUp.apiCalls;
    lines.push(`Plugin minus dynamic host: ${d > 0 ? "+" : ""}${d} API calls (the target is at most 0).`, "");
  }
  if (r.plugin.some((p) => !p.ok)) {
    lines.push(...r.plugin.filter((p) => !p.ok).map((p) => `Failed: ${(p.error ?? "").split("\n")[0]}`), "");
  }
  return lines;
}

/** The results as markdown. */
export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const lines = [
    "# Benchmark: the project's poller vs the anchor baseline",
    "",
    `Run ${m.date} on ${m.cpus} CPU(s) (${m.cpuModel}), ${m.platform}, Node ${m.node}; the whole bench took ` +
      `${Math.round(r.durationS)} s. Produced by \`npm run bench\` (bench/run.ts) against emulators it starts itself.`,
    "",
    "Pollers: **project** = batched polling (one DescribeRedisDealDetail for every waiting deal, coalesced",
    "DescribeRedis reads) with the adaptive schedule (250 ms × 1.5, cap 1 s) when it has no history (**cold**), and",
    "the learnt schedule once earlier waits of the same kind left figures in `.pulumi-tencentcloud-redis/wait-stats.json`",
    "(**warm**; a running wait switches as soon as a wait of its kind finishes, in this run or an earlier one). **anchor** = `bench/anchorStrategy.ts` (installed through `provider/wait/strategy.ts`), the common approach: 1, 2, 4, 8, then every 10 s,",
    "one call per resource per poll, no batching, no read coalescing.",
    "",
    "## Single create",
    "",
    "Overshoot = time of the first DescribeRedisDealDetail that saw the deal delivered (status 4) minus the deal's",
    "completion time, from the emulator's call log. API calls = every call of the create (listing, CreateRedis,",
    "deal polls, instance reads).",
    "",
    "| deal delay | poller | runs | median overshoot (s) | max overshoot (s) | deal polls (median) | API calls (median) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...createRows(r.creates),
    "",
    "## Many instances in one `pulumi up --parallel N` (emulator limits 20 requests/s)",
    "",
    "Program: bench/programs/instances.ts (standalone 1 GB instances; each gets one ModifyRedisName after its deal,",
    "named or not: `named` declares the name, else the resource's name is given). The emulator's limit counts every action together (the cloud counts per action: this is stricter).",
    "*API span* is first to last API call: the provider's part of the update, which the target (deal delay + 3 s)",
    "is about. *CLI duration* is the update as `pulumi up` reports it; the difference is the engine's own work",
    "(starting the program and the provider, registering and checkpointing 50 resources), the same for both pollers.",
    "*CreateRedis span* is first to last accepted purchase (the client sends at most 20 requests/s). *Last deal seen*",
    "is how long after the last deal was delivered a poll saw it. **warm**: a 3-instance `pulumi up` in the same",
    "directory ran first, so the provider had wait history; otherwise the directory is new (**cold**).",
    "Call counts include the 4400 answers (each one retried).",
    "",
    "| poller | instances | named | history | deal delay | ok | API span (s) | CLI duration (s) | CreateRedis span (s) | last deal seen after (s) | API calls | by action | 4400 answers | throttling errors surfaced |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...r.ups.map(
      (u) =>
        `| ${u.poller} | ${u.count} | ${u.named ? "yes" : "no"} | ${u.poller === "anchor" ? "–" : u.warm ? "warm" : "cold"} | ` +
        `${u.dealDelayMs / 1000} s | ${u.ok ? "yes" : "**no**"} | ${s(u.apiSpanMs, 1)} | ${u.cliDurationS ?? "–"} | ` +
        `${s(u.createSpanMs, 1)} | ${s(u.lastDealOvershootMs)} | ${u.apiCalls} | ${actions(u.byAction)} | ` +
        `${u.answers4400} | ${u.throttlingErrorsSurfaced} |`,
    ),
    "",
    "## `pulumi refresh` of 100 instances",
    "",
    "Reads of one refresh share listings: concurrent reads become one paged DescribeRedis, and reads that come later",
    "(the CLI sends a few at a time by default) are answered from a listing this process took less than 10 s before,",
    "as long as it has changed nothing since.",
    "",
    "| poller | --parallel | ok | DescribeRedis calls | API calls | wall (s) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.refreshes.map(
      (x) =>
        `| ${x.poller} | ${x.parallel} | ${x.ok ? "yes" : "**no**"} | ${x.describeRedisCalls} | ${x.apiCalls} | ${s(x.wallMs, 1)} |`,
    ),
    "",
    "## `pulumi preview` of an unchanged stack, against the engine's floor",
    "",
    "The same number of trivial dynamic resources (bench/programs/trivials.ts: a provider that does nothing) is the",
    "floor any dynamic provider starts from; the ratio of median wall times is what this provider adds to it. The",
    "previews of the two stacks are interleaved, so both see the same machine load. The no-op `pulumi up` of the",
    "instance stack is counted by the emulator.",
    "",
    "| resources | pairs | median preview, instances (s) | median preview, trivial (s) | ratio | API calls of the previews | no-op up: DescribeRedis / API calls |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...r.previews.map((p) =>
      p.ok
        ? `| ${p.count} | ${p.pairs} | ${s(median(p.instanceWallMs))} | ${s(median(p.trivialWallMs))} | ` +
          `**${p.ratio.toFixed(2)}×** | ${p.previewApiCalls} | ${p.noopUpDescribeRedis} / ${p.noopUpApiCalls} |`
        : `| ${p.count} | ${p.pairs} | failed: ${(p.error ?? "").split("\n")[0]} | | | | |`,
    ),
    "",
    ...pluginSection(r),
  ];
  return lines.join("\n");
}
