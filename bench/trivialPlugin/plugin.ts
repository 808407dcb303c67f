/**
 * `pulumi-resource-benchtrivial`: the floor for the plugin's preview bench (bench/plugin.ts). A Node provider plugin
 * as the SDK makes one (`main` of `@pulumi/pulumi/provider`, the SDK's own gRPC server), whose check, diff and create
 * do nothing: what any Node plugin costs the engine before its provider does any work. Its one resource takes the
 * same inputs as the instance program gives `tencentcloud-redis:index:Instance`, so the two YAML programs differ only
 * in the type token. The bench transpiles this file into the plugin's tarball (bench/pluginSetup.ts).
 */
import { type CheckResult, type CreateResult, type DiffResult, main, type Provider } from "@pulumi/pulumi/provider";

export const TRIVIAL_PLUGIN = "benchtrivial";
export const TRIVIAL_VERSION = "0.0.1";
export const TRIVIAL_TYPE = `${TRIVIAL_PLUGIN}:index:Trivial`;

const integer = { type: "integer" } as const;
const inputs = { zoneId: integer, typeId: integer, memSize: integer, password: { type: "string", secret: true } };

/** The package schema: the YAML language host type-checks a program's resources against it. */
const schema = {
  name: TRIVIAL_PLUGIN,
  version: TRIVIAL_VERSION,
  resources: {
    [TRIVIAL_TYPE]: {
      inputProperties: inputs,
      requiredInputs: ["zoneId", "typeId", "memSize"],
      properties: { ...inputs, host: { type: "string" }, port: integer },
      required: ["zoneId", "typeId", "memSize", "host", "port"],
    },
  },
};

type Props = Record<string, unknown>;

const provider: Provider = {
  version: TRIVIAL_VERSION,
  schema: JSON.stringify(schema),
  check: async (_urn: string, _olds: Props, news: Props): Promise<CheckResult> => ({ inputs: news }),
  diff: async (): Promise<DiffResult> => ({ changes: false }),
  create: async (urn: string, news: Props): Promise<CreateResult> => ({
    // The URN's last part is the resource's name: unique within the stack.
    id: `trivial-${urn.split("::").pop() ?? ""}`,
    outs: { ...news, host: "127.0.0.1", port: 6379 },
  }),
};

// Only as the plugin's entry point: bench/plugin.ts imports the names above without starting a server.
if (require.main === module) {
  main(provider, process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${TRIVIAL_PLUGIN}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
