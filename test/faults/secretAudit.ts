import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorFixture } from "../e2e/emulatorFixture";
import { SECRET_KEY } from "../e2e/emulatorFixture";

/** One secret the audit looks for; `kind` says which sort it is (never the value) in a finding. */
export interface KnownSecret {
  kind: "password" | "secretKey" | "signature" | "downloadUrl";
  value: string;
}

/** A secret found in plain text: where, which kind, and a redacted excerpt around it. */
export interface Leak {
  where: string;
  kind: KnownSecret["kind"];
  excerpt: string;
}

/** What the audit found in a set of texts. */
export interface AuditReport {
  leaks: Leak[];
  /**
   * Hits inside the Pulumi engine's own `-v=9` RPC trace lines (`Marshaling property for RPC`...), which print every
   * property, secrets included, by the engine's design. Counted and reported, not charged to the provider.
   */
  engineTrace: number;
}

/** A text to audit and where it came from (`up stderr`, `stack export`, ...). */
export interface AuditText {
  where: string;
  text: string;
}

// Below this length a "secret" would match by chance (and no secret we use is this short).
const MIN_SECRET_LENGTH = 8;

/**
 * The Pulumi engine's and SDK's own verbose traces: JSON log lines the CLI writes with `--logtostderr -v=9` that dump
 * every property of an RPC or a plan, secrets included (the engine's RPC marshaling, the planner's decisions, and the
 * Node SDK's `RegisterResource RPC finished` debug line). None of them is written by the provider.
 */
const ENGINE_TRACE =
  /^\{"time":"[^"]+","level":"[A-Z]+","msg":"(Marshaling property for RPC|Unmarshaling property for RPC|Planner decided (not )?to|marshalling secret value|RegisterResource RPC finished|eventSink::Debug\(<\{%reset%\}>RegisterResource RPC finished)/;

/** True for a line of the engine's own verbose trace (see {@link ENGINE_TRACE}). */
export function isEngineTraceLine(line: string): boolean {
  return ENGINE_TRACE.test(line);
}

function excerpt(line: string, at: number, len: number): string {
  const from = Math.max(0, at - 60);
  const start = from > 0 ? `${line.slice(0, Math.min(80, from))}… ` : "";
  return `${start}${line.slice(from, at)}<${"*".repeat(8)}>${line.slice(at + len, at + len + 40)}`.replace(/\s+/g, " ");
}

/**
 * Greps every text for every known secret, line by line. Lines of the engine's own RPC trace are counted apart.
 * @param texts - what to search
 * @param secrets - the values to look for (short ones are ignored: they would match by chance)
 */
export function auditTexts(texts: AuditText[], secrets: KnownSecret[]): AuditReport {
  const report: AuditReport = { leaks: [], engineTrace: 0 };
  const wanted = secrets.filter((s) => s.value.length >= MIN_SECRET_LENGTH);
  for (const { where, text } of texts) {
    for (const line of text.split("\n")) {
      for (const s of wanted) {
        const at = line.indexOf(s.value);
        if (at < 0) continue;
        if (isEngineTraceLine(line)) report.engineTrace++;
        else report.leaks.push({ where, kind: s.kind, excerpt: excerpt(line, at, s.value.length) });
      }
    }
  }
  return report;
}

/**
 * Every secret the emulator has seen so far: the SecretKey, each password and 2017 signature sent (from the call
 * log), each instance password and download-URL token it holds (from its state file).
 * @param fx - the emulator fixture
 * @param extra - secrets the test knows (e.g. passwords it configured)
 */
export async function collectSecrets(fx: EmulatorFixture, extra: string[] = []): Promise<KnownSecret[]> {
  const out = new Map<string, KnownSecret>();
  const add = (kind: KnownSecret["kind"], value: unknown) => {
    if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH && !out.has(value))
      out.set(value, { kind, value });
  };
  add("secretKey", SECRET_KEY);
  for (const v of extra) add("password", v);
  for (const c of await fx.calls()) {
    for (const [k, v] of Object.entries(c.params)) {
      if (/password/i.test(k)) add("password", v);
      else if (k === "Signature") add("signature", v);
    }
  }
  const file = path.join(fx.dataDir, "state.json");
  if (fs.existsSync(file)) {
    const st = JSON.parse(fs.readFileSync(file, "utf8")) as {
      instances?: { password?: string }[];
      downloads?: Record<string, unknown>;
    };
    for (const i of st.instances ?? []) add("password", i.password);
    for (const token of Object.keys(st.downloads ?? {})) add("downloadUrl", token);
  }
  return [...out.values()];
}

/** The files a stack leaves on disk besides the state: the purchase journal (must hold no secret either). */
export function journalTexts(stackDir: string): AuditText[] {
  const dir = path.join(stackDir, ".pulumi-tencentcloud-redis", "purchases");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((f) => ({ where: `journal ${f}`, text: fs.readFileSync(path.join(dir, f), "utf8") }));
}
