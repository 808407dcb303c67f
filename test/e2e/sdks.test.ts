/**
 * The SDKs in sdk/ are what the plugin's schema generates (scripts/generateSdks.ts, `bash scripts/run.sh sdks`), and
 * the Go SDK builds, and so does the Go example (examples/go), whose registrations are checked with mocks. The
 * README's examples in TypeScript, Python, Go and YAML are what docs/example.pp generates, the TypeScript and Go ones
 * compile against the SDKs, and the YAML one names the schema's resources and properties. The generator is built by
 * the toolchain before the tests run (PTR_SDKGEN).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateExamplePrograms,
  generateSdks,
  README_EXAMPLES,
  readmeBlocks,
  readmeExampleBlocks,
} from "../../scripts/generateSdks";
import { writeSchema } from "../../scripts/writeSchema";

const REPO = path.resolve(__dirname, "../..");
const SDK = path.join(REPO, "sdk");

/** js-yaml, a dependency of @pulumi/pulumi (resolved from there: this package does not depend on it itself). */
const jsYaml = createRequire(require.resolve("@pulumi/pulumi"))("js-yaml") as { load(text: string): unknown };

/** Every file under dir, '/'-separated and relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** What differs between two trees: files only in one, files in both with other bytes. */
function treeDifference(expected: string, actual: string) {
  const want = filesUnder(expected);
  const have = filesUnder(actual);
  return {
    notGenerated: have.filter((f) => !want.includes(f)),
    notCheckedIn: want.filter((f) => !have.includes(f)),
    changed: want.filter(
      (f) => have.includes(f) && !fs.readFileSync(path.join(expected, f)).equals(fs.readFileSync(path.join(actual, f))),
    ),
  };
}

describe("SDKs generated from the schema", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ptr-sdks-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("sdk/ is exactly what regenerating writes (else: bash scripts/run.sh sdks)", () => {
    generateSdks(work);
    expect(treeDifference(work, SDK), "files of sdk/ that differ from a fresh generation").toEqual({
      notGenerated: [],
      notCheckedIn: [],
      changed: [],
    });
  });

  it("the Go SDK requires the Pulumi Go SDK of the CLI's module", () => {
    const version = (dir: string) =>
      /^\s*github\.com\/pulumi\/pulumi\/sdk\/v3 (v\S+)/m.exec(fs.readFileSync(path.join(dir, "go.mod"), "utf8"))?.[1];
    expect(version(path.join(SDK, "go"))).toBeDefined();
    expect(version(path.join(SDK, "go"))).toBe(version(path.join(REPO, "tools/pulumi-cli")));
  });

  // Cold (nothing of the Go SDK's dependencies compiled on this machine yet): about 1.5 min; warm: about 1 s.
  it("the Go SDK builds and vets with its checked-in go.sum", { timeout: 600_000 }, () => {
    const env = { ...process.env, GOFLAGS: "-mod=readonly" };
    const opts = { cwd: path.join(SDK, "go"), env, encoding: "utf8" as const, stdio: "pipe" as const };
    execFileSync("go", ["build", "./..."], opts);
    execFileSync("go", ["vet", "./..."], opts);
  });

  // examples/go uses sdk/go through a replace; its test runs the program against the Pulumi Go SDK's mocks. Running
  // it for real needs the Go language host, which cannot be installed here (README). Cold: about 2 min; warm:
  // a few seconds (the Go SDK build above compiles most of what it needs).
  it("the Go example vets, and its registrations pass the mocks test", { timeout: 600_000 }, () => {
    const env = { ...process.env, GOFLAGS: "-mod=readonly" };
    const opts = { cwd: path.join(REPO, "examples/go"), env, encoding: "utf8" as const, stdio: "pipe" as const };
    execFileSync("go", ["vet", "./..."], opts);
    const out = execFileSync("go", ["test", "-count=1", "./..."], opts);
    expect(out).toMatch(/^ok\s+github\.com\/pulumi-tencentcloud-redis\/examples\/go\s/m);
  });
});

describe("the README's examples, generated from docs/example.pp", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ptr-readme-examples-"));
  const schema = path.join(work, "schema.json");
  const programs = path.join(work, "programs");
  beforeAll(() => {
    writeSchema(schema);
    generateExamplePrograms(schema, programs);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("README.md's generated blocks are what docs/example.pp generates (else: bash scripts/run.sh sdks)", () => {
    const want = readmeExampleBlocks(schema);
    const have = readmeBlocks(fs.readFileSync(path.join(REPO, "README.md"), "utf8"));
    const stale = README_EXAMPLES.map((e) => e.language).filter((l) => have[l] !== want[l]);
    expect(stale, "README.md blocks <!-- generated:example:<language> --> that differ from a fresh generation").toEqual(
      [],
    );
  });

  // The TypeScript compiler in-process, with the package's plugin entry mapped to its declarations as the build
  // writes them (dist/sdk/nodejs) and @pulumi/pulumi to the types it was compiled against. About 2 s.
  it("the TypeScript example type-checks against the plugin classes (dist/sdk/nodejs)", { timeout: 60_000 }, () => {
    const declarations = path.join(REPO, "dist/sdk/nodejs/index.d.ts");
    expect(fs.existsSync(declarations), `${declarations} (npm run build)`).toBe(true);
    const pulumiTypes = path.join(REPO, "node_modules/@pulumi/pulumi-plugin-sdk-types");
    const program = ts.createProgram([path.join(programs, "nodejs/index.ts")], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      typeRoots: [path.join(REPO, "node_modules/@types")],
      types: ["node"],
      paths: {
        "pulumi-tencentcloud-redis/plugin": [declarations],
        "@pulumi/pulumi": [pulumiTypes],
        "@pulumi/pulumi/*": [`${pulumiTypes}/*`],
      },
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
  });

  // The generated file is checked to load with the YAML host's own loader when it is written (pulumi-sdkgen); here,
  // its names against the schema: each resource's type is a resource of the schema (`pkg:Name` is the YAML host's
  // short form of `pkg:index:Name`), each property one of its inputs, each `${a.b}` a config value or a resource's
  // output. No pulumi run.
  it("the YAML example names the schema's resources, their inputs and outputs", () => {
    type Resource = { inputProperties?: Record<string, unknown>; properties?: Record<string, unknown> };
    const spec = JSON.parse(fs.readFileSync(schema, "utf8")) as { name: string; resources: Record<string, Resource> };
    const doc = jsYaml.load(fs.readFileSync(path.join(programs, "yaml/Pulumi.yaml"), "utf8")) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    const sections = ["config", "configuration", "variables", "resources", "outputs"];
    expect(
      Object.keys(doc).filter((k) => !sections.includes(k)),
      "top-level keys of a YAML program",
    ).toEqual([]);
    // The codegen writes config as `configuration` (which the YAML host still reads), the newer form is `config`.
    const config = { ...doc.configuration, ...doc.config };
    for (const [name, c] of Object.entries(config)) expect(c.type, `config ${name}'s type`).toBeTypeOf("string");

    const resources = doc.resources as Record<string, { type: string; properties?: Record<string, unknown> }>;
    const schemaOf = (type: string): Resource | undefined => {
      const parts = type.split(":");
      return spec.resources[parts.length === 2 ? `${parts[0]}:index:${parts[1]}` : type];
    };
    const problems: string[] = [];
    const references: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === "string") for (const [, ref = ""] of v.matchAll(/\$\{([^}]+)\}/g)) references.push(ref);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v !== null && typeof v === "object") Object.values(v).forEach(collect);
    };
    for (const [name, r] of Object.entries(resources)) {
      const res = schemaOf(r.type);
      if (res === undefined) {
        problems.push(`${name}: no resource ${r.type} in the schema`);
        continue;
      }
      for (const key of Object.keys(r.properties ?? {}))
        if (!(key in (res.inputProperties ?? {}))) problems.push(`${name}: ${r.type} has no input ${key}`);
      collect(r.properties);
    }
    collect(doc.outputs);
    for (const ref of references) {
      const [root = "", attr, ...rest] = ref.split(".");
      if (root in config && attr === undefined) continue;
      const res = resources[root] === undefined ? undefined : schemaOf(resources[root].type);
      if (res === undefined || attr === undefined || rest.length > 0 || !(attr in (res.properties ?? {})))
        problems.push(`\${${ref}}: not a config value nor a resource's output`);
    }
    expect(problems).toEqual([]);
    expect(Object.keys(resources).length, "resources in the YAML example").toBeGreaterThan(0);
    expect(references.length, "interpolations in the YAML example").toBeGreaterThan(0);
  });

  // In a copy of examples/go's module (its go.mod, with the replace pointing at sdk/go, and go.sum): warm, about 1 s
  // once the Go tests above have compiled the SDK.
  it("the Go example vets in examples/go's module", { timeout: 600_000 }, () => {
    const mod = path.join(work, "gomod");
    fs.mkdirSync(mod);
    const goMod = fs.readFileSync(path.join(REPO, "examples/go/go.mod"), "utf8");
    const replaced = goMod.replace(/=> \.\.\/\.\.\/sdk\/go$/m, `=> ${path.join(SDK, "go")}`);
    expect(replaced, "examples/go/go.mod replaces the SDK with ../../sdk/go").not.toBe(goMod);
    fs.writeFileSync(path.join(mod, "go.mod"), replaced);
    fs.copyFileSync(path.join(REPO, "examples/go/go.sum"), path.join(mod, "go.sum"));
    fs.copyFileSync(path.join(programs, "go/main.go"), path.join(mod, "main.go"));
    const env = { ...process.env, GOFLAGS: "-mod=readonly", GOWORK: "off" };
    execFileSync("go", ["vet", "."], { cwd: mod, env, encoding: "utf8", stdio: "pipe" });
  });
});
