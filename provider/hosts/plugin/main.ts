/**
 * The provider plugin `pulumi-resource-tencentcloud-redis`: serves the ResourceProvider gRPC service on a local port
 * and prints the port, which is how the engine finds it. Its first argument is the engine's address (for the lines
 * sent to resources); the CLI may add flags such as `-v=9` or `--logtostderr`.
 * @packageDocumentation
 */

import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { engineLog } from "./engineLog";
import { providerService } from "./server";

/** The package's version: the plugin's version, as `pulumi plugin install` and GetPluginInfo name it. */
function packageVersion(): string {
  // dist/provider/hosts/plugin/ and provider/hosts/plugin/ both sit below the package root.
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "pulumi-tencentcloud-redis" && pkg.version) return pkg.version;
  }
  throw new Error("pulumi-resource-tencentcloud-redis: the package's package.json was not found");
}

async function main(args: string[]): Promise<void> {
  const engine = args.find((a) => !a.startsWith("-"));
  const server = new grpc.Server({
    // The engine's default message limit, for large states.
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });
  server.addService(
    provrpc.ResourceProviderService,
    providerService({
      version: packageVersion(),
      log: engineLog(engine),
    }) as grpc.UntypedServiceImplementation,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`pulumi-resource-tencentcloud-redis: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
