import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { processScoped } from "../processState";
import { estimateFromSamples, type WaitEstimate, type WaitSample } from "./learnedSchedule";

/**
 * Durations of completed waits, kept per kind of wait in a small JSON file beside the purchase journal
 * (`.pulumi-tencentcloud-redis/wait-stats.json` in the program's directory), so the next run can poll densely where
 * the cloud usually finishes and sparsely elsewhere. It holds kinds (a hash of endpoint and region, plus e.g.
 * `deal:create`) and millisecond figures only: no ids, no credentials.
 *
 * Everything here is best effort: a missing, unreadable or corrupt file reads as "no history" (the default schedule),
 * and a failed write is ignored. Learning must never fail a wait.
 */

/** Samples kept per kind: recent enough to follow a change in the cloud, enough to tell constant from variable. */
export const SAMPLES_PER_KIND = 8;

/** @internal On-disk shape. */
interface StatsFile {
  version: 1;
  kinds: Record<string, WaitSample[]>;
}

/**
 * Path of the stats file.
 * @param cwd - the program's directory (default the current one, as for the purchase journal)
 */
export function waitStatsFile(cwd: string = process.cwd()): string {
  return path.join(cwd, ".pulumi-tencentcloud-redis", "wait-stats.json");
}

/** @internal */
function isSample(v: unknown): v is WaitSample {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.lastPendingMs === "number" && typeof s.doneMs === "number";
}

/**
 * Reads the file; anything malformed is dropped, entry by entry.
 * @param file - path (default {@link waitStatsFile})
 */
export function readWaitStats(file: string = waitStatsFile()): Record<string, WaitSample[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return {};
  }
  const kinds = (raw as { kinds?: unknown } | null)?.kinds;
  if (typeof kinds !== "object" || kinds === null || Array.isArray(kinds)) return {};
  const out: Record<string, WaitSample[]> = {};
  for (const [kind, list] of Object.entries(kinds as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    const samples = list
      .filter(isSample)
      .map((s) => ({ lastPendingMs: s.lastPendingMs, doneMs: s.doneMs }))
      .slice(-SAMPLES_PER_KIND);
    if (samples.length > 0) out[kind] = samples;
  }
  return out;
}

/**
 * The completion window learnt for a kind, or `undefined` when there is no usable history (cold start).
 * @param kind - e.g. `<scope hash>:deal:create`
 * @param file - path (default {@link waitStatsFile})
 */
export function learnedEstimate(kind: string, file: string = waitStatsFile()): WaitEstimate | undefined {
  return estimateFromSamples(readWaitStats(file)[kind] ?? []);
}

/** Samples recorded by this process so far: lets running waits notice new history without reading the file. */
const recorded = (): { count: number } => processScoped("waitStats.recorded", () => ({ count: 0 }));

/** Changes whenever this process records a sample (see {@link learningSchedule}). */
export function waitStatsVersion(): number {
  return recorded().count;
}

/**
 * Adds one completed wait to the history of its kind (read, modify, write to a temp file, rename: a crash leaves the
 * old file or the new one). Errors are swallowed.
 * @param kind - e.g. `<scope hash>:deal:create`
 * @param sample - when the wait was last seen pending and when it was seen done
 * @param file - path (default {@link waitStatsFile})
 */
export function recordWaitSample(kind: string, sample: WaitSample, file: string = waitStatsFile()): void {
  if (!(sample.lastPendingMs >= 0 && sample.doneMs >= sample.lastPendingMs)) return;
  recorded().count++;
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const kinds = readWaitStats(file);
    kinds[kind] = [...(kinds[kind] ?? []), sample].slice(-SAMPLES_PER_KIND);
    const body: StatsFile = { version: 1, kinds };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, `${JSON.stringify(body)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // Learning is an optimisation: a read-only directory only means the default schedule next time.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Nothing more to do.
    }
  }
}
