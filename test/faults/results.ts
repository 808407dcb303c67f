import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "../e2e/cli";

/** One row of the measured table. */
export interface ScenarioResult {
  file: string;
  scenario: string;
  operation: string;
  fault: string;
  faultedRun: string;
  convergedBy: string;
  converged: boolean;
  duplicates: number;
  leaked: number;
  dataIntact: string;
  secretsFound: number;
  engineTrace: number;
  /** "n/m": of the m faults the scenario's run injected (or proved, see `faultsFired`), n fired; "n/a" when none. */
  faultsFired: string;
  seconds: number;
}

/** A fault the harness injected (as POSTed, with the id the emulator gave it). */
export interface InjectedFault {
  id: string;
  action: string;
  kind: string;
}

/**
 * The faults fired cell of a scenario and a note per fault that did not fire. `injected`: faults POSTed during the
 * scenario's run; `fired`: the emulator's fired record (GET /_emulator/faults; entries of other faults are ignored, a
 * fault that fired several times counts once); `proofs`: faults the emulator cannot see (a kill, a restart), each
 * with whether the scenario showed it happened as meant. No fault and no proof: "n/a".
 */
export function faultsFired(
  injected: InjectedFault[],
  fired: readonly { id: string; action?: string; kind?: string }[],
  proofs: { what: string; fired: boolean }[],
): { cell: string; notes: string[] } {
  const firedIds = new Set(fired.map((f) => f.id));
  const notes: string[] = [];
  let n = 0;
  for (const f of injected) {
    if (firedIds.has(f.id)) n++;
    else notes.push(`fault ${f.id} (${f.kind} on ${f.action}) was injected but never fired`);
  }
  for (const p of proofs) {
    if (p.fired) n++;
    else notes.push(`fault ${p.what} did not happen as the scenario meant`);
  }
  const m = injected.length + proofs.length;
  return { cell: m === 0 ? "n/a" : `${n}/${m}`, notes };
}

/** Where the suite writes what it measured: one JSON-lines file per test file, and the table made from all of them. */
export const RESULTS_DIR = path.join(REPO, ".work", "faults");

/**
 * Appends a result and rewrites `.work/faults/results.md` from every result recorded so far (test files run in
 * parallel processes; each appends to the same JSON-lines file, so the table covers the whole run).
 */
export function recordResult(r: ScenarioResult): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.appendFileSync(linesFile(r.file), `${JSON.stringify(r)}\n`);
  const all = fs
    .readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(RESULTS_DIR, f), "utf8").split("\n"))
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ScenarioResult);
  fs.writeFileSync(path.join(RESULTS_DIR, "results.md"), renderTable(all));
}

function linesFile(file: string): string {
  return path.join(RESULTS_DIR, `results-${file.replace(/[^A-Za-z0-9_-]/g, "_")}.jsonl`);
}

/** Starts a test file's rows afresh (each file owns its own JSON-lines file, so parallel files never clash). */
export function resetResults(file: string): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.rmSync(linesFile(file), { force: true });
}

/** The Markdown table of results, with a totals line. */
export function renderTable(rows: ScenarioResult[]): string {
  const head =
    "| scenario | operation | fault | faulted run | faults fired | converged | duplicates | leaked | data intact | secrets found | engine v9 trace hits | s |\n" +
    "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  const body = rows
    .map(
      (r) =>
        `| ${r.scenario} | ${r.operation} | ${r.fault} | ${r.faultedRun} | ${r.faultsFired ?? "?"} | ${r.converged ? `yes (${r.convergedBy})` : "NO"} | ${r.duplicates} | ${r.leaked} | ${r.dataIntact} | ${r.secretsFound} | ${r.engineTrace} | ${r.seconds} |`,
    )
    .join("\n");
  const sum = (f: (r: ScenarioResult) => number) => rows.reduce((a, r) => a + f(r), 0);
  const fired = (i: 1 | 2) => sum((r) => Number(/^(\d+)\/(\d+)$/.exec(r.faultsFired ?? "")?.[i] ?? 0));
  const total =
    `\n\n${rows.length} scenarios; converged ${sum((r) => (r.converged ? 1 : 0))}/${rows.length}; ` +
    `faults fired ${fired(1)}/${fired(2)}; duplicates ${sum((r) => r.duplicates)}; leaked ${sum((r) => r.leaked)}; secrets found ${sum((r) => r.secretsFound)}.\n`;
  return `# Fault suite results (measured ${new Date().toISOString()})\n\n${head}${body}${total}`;
}
