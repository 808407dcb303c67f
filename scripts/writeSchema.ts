/**
 * Writes the provider plugin's package schema (`packageSchema(version)`, the version from package.json) as JSON:
 * `npx tsx scripts/writeSchema.ts <out.json>`. The SDKs are generated from it (scripts/generateSdks.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageSchema } from "../provider/hosts/plugin/schema";

const REPO = path.resolve(__dirname, "..");

/** The package's version, as package.json has it. */
export function packageVersion(): string {
  const pkg: unknown = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
  if (typeof pkg !== "object" || pkg === null || !("version" in pkg) || typeof pkg.version !== "string")
    throw new Error("package.json has no version");
  return pkg.version;
}

/** The schema's JSON text: two-space indents, a final newline. */
export function schemaJson(): string {
  return `${JSON.stringify(packageSchema(packageVersion()), null, 2)}\n`;
}

export function writeSchema(out: string): void {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, schemaJson());
}

if (require.main === module) {
  const out = process.argv[2];
  if (out === undefined) {
    console.error("usage: npx tsx scripts/writeSchema.ts <out.json>");
    process.exit(2);
  }
  writeSchema(path.resolve(out));
}
