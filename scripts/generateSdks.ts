/**
 * Regenerates the SDKs from the provider plugin's schema (`bash scripts/run.sh sdks`, or
 * `npx tsx scripts/generateSdks.ts [outDir]`, default sdk/):
 *
 *   1. <outDir>/schema.json: `packageSchema(version)` (scripts/writeSchema.ts),
 *   2. <outDir>/go, <outDir>/python, <outDir>/nodejs: written by the SDK generator (tools/pulumi-sdkgen, the codegen
 *      packages of the CLI's github.com/pulumi/pulumi/pkg/v3; the toolchain builds it and sets PTR_SDKGEN),
 *   3. <outDir>/go/go.sum: `go mod tidy` of the Go SDK's module (the generator writes its go.mod),
 *
 * and, when it writes sdk/ (the default), the README's example in TypeScript, Python, Go and YAML: the PCL program
 * docs/example.pp generated in each language by the same codegen (`pulumi-sdkgen program`; YAML's is pulumi-yaml's)
 * and put between the README's `<!-- generated:example:<language> -->` and `<!-- /generated:example:<language> -->`
 * lines; the rest of the README is left as it is.
 *
 * Nothing in sdk/ nor in those blocks is written by hand; test/e2e/sdks.test.ts fails when either differs from what
 * this writes.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeSchema } from "./writeSchema";

const REPO = path.resolve(__dirname, "..");
const README = path.join(REPO, "README.md");
/** The README's example, in PCL. */
export const EXAMPLE_PROGRAM = path.join(REPO, "docs/example.pp");

/** The SDK generator the toolchain built (`source scripts/toolchain.sh; ensure_toolchain` sets PTR_SDKGEN). */
export function sdkGenerator(): string {
  const bin = process.env.PTR_SDKGEN;
  if (bin === undefined || bin === "" || !fs.existsSync(bin))
    throw new Error(
      `no SDK generator at PTR_SDKGEN=${bin ?? "(unset)"}: run through scripts/run.sh, or ` +
        "`source scripts/toolchain.sh; ensure_toolchain` first",
    );
  return bin;
}

/** Replaces outDir's schema.json, go/, python/ and nodejs/ with what the schema generates. */
export function generateSdks(outDir: string): void {
  fs.mkdirSync(outDir, { recursive: true });
  const schema = path.join(outDir, "schema.json");
  writeSchema(schema);
  execFileSync(sdkGenerator(), [schema, outDir], { stdio: ["ignore", "inherit", "inherit"] });
  // go.sum from the module cache the toolchain's Go builds filled (the Go SDK's only requirement is the CLI's
  // github.com/pulumi/pulumi/sdk/v3).
  execFileSync("go", ["mod", "tidy"], {
    cwd: path.join(outDir, "go"),
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
}

/** The README's generated examples: the codegen's language, its file, the fence's info string, the line above. */
export const README_EXAMPLES = [
  {
    language: "nodejs",
    file: "index.ts",
    fence: "ts",
    intro: "TypeScript (`index.ts`), on the plugin classes of the npm package:",
  },
  {
    language: "python",
    file: "__main__.py",
    fence: "python",
    intro: "Python (`__main__.py`), with the wheel of `sdk/python` installed:",
  },
  {
    language: "go",
    file: "main.go",
    fence: "go",
    intro: "Go (`main.go`), in a module that requires `sdk/go` through a `replace`, as `examples/go` does:",
  },
  {
    language: "yaml",
    file: "Pulumi.yaml",
    fence: "yaml",
    intro: "YAML (`Pulumi.yaml`, below the project's `name:` and `runtime: yaml`; no SDK needed):",
  },
] as const;

export type ExampleLanguage = (typeof README_EXAMPLES)[number]["language"];

/**
 * Writes docs/example.pp (or `program`) as a program of each language into outDir/<language>/<file> (index.ts,
 * __main__.py, main.go, Pulumi.yaml: the program part of a project file, without name nor runtime), binding it
 * against the schema at schemaPath.
 */
export function generateExamplePrograms(schemaPath: string, outDir: string, program = EXAMPLE_PROGRAM): void {
  execFileSync(sdkGenerator(), ["program", schemaPath, program, outDir], { stdio: ["ignore", "inherit", "inherit"] });
}

/**
 * What goes between each language's README markers: a line naming the file, then the generated program in a fenced
 * block. Generated from the schema at schemaPath in a temporary folder.
 */
export function readmeExampleBlocks(schemaPath: string, program = EXAMPLE_PROGRAM): Record<ExampleLanguage, string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ptr-example-"));
  try {
    generateExamplePrograms(schemaPath, tmp, program);
    const blocks = {} as Record<ExampleLanguage, string>;
    for (const e of README_EXAMPLES) {
      const code = fs.readFileSync(path.join(tmp, e.language, e.file), "utf8").replace(/\s+$/, "");
      blocks[e.language] = `${e.intro}\n\n\`\`\`${e.fence}\n${code}\n\`\`\`\n`;
    }
    return blocks;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const markers = (language: string) => ({
  open: `<!-- generated:example:${language} -->\n`,
  close: `<!-- /generated:example:${language} -->`,
});

/** Where a language's block is in the README's text: the offsets of its content (after the open marker's line). */
function blockRange(readme: string, language: string): { start: number; end: number } {
  const { open, close } = markers(language);
  const at = readme.indexOf(open);
  if (at < 0 || readme.indexOf(open, at + 1) >= 0)
    throw new Error(`README.md must have exactly one line ${open.trim()}`);
  const start = at + open.length;
  const end = readme.indexOf(close, start);
  if (end < 0 || readme[end - 1] !== "\n") throw new Error(`README.md has no line ${close} after ${open.trim()}`);
  return { start, end };
}

/** The README's current generated blocks (what is between each language's markers). */
export function readmeBlocks(readme: string): Record<ExampleLanguage, string> {
  const blocks = {} as Record<ExampleLanguage, string>;
  for (const e of README_EXAMPLES) {
    const { start, end } = blockRange(readme, e.language);
    blocks[e.language] = readme.slice(start, end);
  }
  return blocks;
}

/** The README's text with each language's block replaced; nothing outside the markers changes. */
export function spliceReadme(readme: string, blocks: Record<ExampleLanguage, string>): string {
  let text = readme;
  for (const e of README_EXAMPLES) {
    const { start, end } = blockRange(text, e.language);
    text = text.slice(0, start) + blocks[e.language] + text.slice(end);
  }
  return text;
}

/**
 * Rewrites README.md's generated blocks from docs/example.pp and the schema at schemaPath. The file is read right
 * before it is written, and left alone when its blocks are already current. Returns the languages whose block changed.
 */
export function updateReadmeExamples(schemaPath: string): ExampleLanguage[] {
  const blocks = readmeExampleBlocks(schemaPath);
  const readme = fs.readFileSync(README, "utf8");
  const current = readmeBlocks(readme);
  const changed = README_EXAMPLES.map((e) => e.language).filter((l) => current[l] !== blocks[l]);
  if (changed.length > 0) fs.writeFileSync(README, spliceReadme(readme, blocks));
  return changed;
}

if (require.main === module) {
  const sdk = path.join(REPO, "sdk");
  const out = path.resolve(process.argv[2] ?? sdk);
  const started = Date.now();
  generateSdks(out);
  console.log(`SDKs generated in ${out} (${Date.now() - started} ms)`);
  // The README documents sdk/: its examples follow that schema only.
  if (out === sdk) {
    const examplesStarted = Date.now();
    const changed = updateReadmeExamples(path.join(sdk, "schema.json"));
    console.log(
      `README.md examples from ${path.relative(REPO, EXAMPLE_PROGRAM)}: ` +
        `${changed.length > 0 ? `rewrote ${changed.join(", ")}` : "up to date"} (${Date.now() - examplesStarted} ms)`,
    );
  }
}
