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
  seconds: number;
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
    "| scenario | operation | fault | faulted run | converged | duplicates | leaked | data intact | secrets found | engine v9 trace hits | s |\n" +
    "|---|---|---|---|---|---|---|---|---|---|---|\n";
  const body = rows
    .map(
      (r) =>
        `| ${r.scenario} | ${r.operation} | ${r.fault} | ${r.faultedRun} | ${r.converged ? `yes (${r.convergedBy})` : "NO"} | ${r.duplicates} | ${r.leaked} | ${r.dataIntact} | ${r.secretsFound} | ${r.engineTrace} | ${r.seconds} |`,
    )
    .join("\n");
  const sum = (f: (r: ScenarioResult) => number) => rows.reduce((a, r) => a + f(r), 0);
  const total =
    `\n\n${rows.length} scenarios; converged ${sum((r) => (r.converged ? 1 : 0))}/${rows.length}; ` +
    `duplicates ${sum((r) => r.duplicates)}; leaked ${sum((r) => r.leaked)}; secrets found ${sum((r) => r.secretsFound)}.\n`;
  return `# Fault suite results (measured ${new Date().toISOString()})\n\n${head}${body}${total}`;
}
