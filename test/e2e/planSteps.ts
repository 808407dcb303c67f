/**
 * A replacement is one "replace" step in the preview's JSON and three events in up's stream (create-replacement,
 * replace, delete-replaced): both are compared as "replace".
 */
const PART_OF_REPLACE = new Set(["same", "create-replacement", "delete-replaced"]);

/** "op resource-name" of every step `pulumi preview --json` plans, except those that change nothing. */
export function previewSteps(stdout: string): string[] {
  const plan = JSON.parse(stdout) as { steps?: { op: string; urn: string }[] };
  return (plan.steps ?? [])
    .filter((s) => !PART_OF_REPLACE.has(s.op))
    .map((s) => `${s.op} ${s.urn.split("::").pop()}`)
    .sort();
}

/** The same for the steps `pulumi up --json` carried out (its event stream: one resource-pre event per step). */
export function upSteps(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { resourcePreEvent?: { metadata: { op: string; urn: string } } })
    .flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent.metadata] : []))
    .filter((m) => !PART_OF_REPLACE.has(m.op))
    .map((m) => `${m.op} ${m.urn.split("::").pop()}`)
    .sort();
}
