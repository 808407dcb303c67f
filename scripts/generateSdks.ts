/**
 * Regenerates the SDKs from the provider plugin's schema (`bash scripts/run.sh sdks`, or
 * `npx tsx scripts/generateSdks.ts [outDir]`, default sdk/):
 *
 *   1. <outDir>/schema.json: `packageSchema(version)` (scripts/writeSchema.ts),
 *   2. <outDir>/go, <outDir>/python, <outDir>/nodejs: written by the SDK generator (tools/pulumi-sdkgen, the codegen
 *      packages of the CLI's github.com/pulumi/pulumi/pkg/v3; the toolchain builds it and sets PTR_SDKGEN),
 *   3. <outDir>/go/go.sum: `go mod tidy` of the Go SDK's module (the generator writes its go.mod).
 *
 * Nothing in sdk/ is written by hand; test/e2e/sdks.test.ts fails when sdk/ differs from what this writes.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeSchema } from "./writeSchema";

const REPO = path.resolve(__dirname, "..");

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

if (require.main === module) {
  const out = path.resolve(process.argv[2] ?? path.join(REPO, "sdk"));
  const started = Date.now();
  generateSdks(out);
  console.log(`SDKs generated in ${out} (${Date.now() - started} ms)`);
}
