import { median } from "./emulator";
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
    "(**warm**). **anchor** = `TENCENTCLOUD_REDIS_POLLER=anchor`, the common approach: 1, 2, 4, 8, then every 10 s,",
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
    "Program: bench/programs/instances.ts (standalone 1 GB instances; `named` adds a `name`, one ModifyRedisName",
    "each). *CLI duration* is the update as `pulumi up` reports it; *API span* is first to last API call;",
    "*CreateRedis span* is first to last accepted purchase. Call counts include the 4400 answers (each one retried).",
    "",
    "| poller | instances | named | deal delay | ok | CLI duration (s) | API span (s) | CreateRedis span (s) | API calls | by action | 4400 answers | throttling errors surfaced |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...r.ups.map(
      (u) =>
        `| ${u.poller} | ${u.count} | ${u.named ? "yes" : "no"} | ${u.dealDelayMs / 1000} s | ${u.ok ? "yes" : "**no**"} | ` +
        `${u.cliDurationS ?? "–"} | ${s(u.apiSpanMs, 1)} | ${s(u.createSpanMs, 1)} | ${u.apiCalls} | ${actions(u.byAction)} | ` +
        `${u.answers4400} | ${u.throttlingErrorsSurfaced} |`,
    ),
    "",
    "## `pulumi refresh` of 100 instances",
    "",
    "| poller | --parallel | ok | DescribeRedis calls | API calls | wall (s) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.refreshes.map(
      (x) =>
        `| ${x.poller} | ${x.parallel} | ${x.ok ? "yes" : "**no**"} | ${x.describeRedisCalls} | ${x.apiCalls} | ${s(x.wallMs, 1)} |`,
    ),
    "",
  ];
  return lines.join("\n");
}
