/**
 * The plugin's gRPC service (pulumirpc.ResourceProvider): each RPC answered from the same core the dynamic host
 * serves. The resource operations are in resourceCalls.ts, the provider's configuration in providerConfig.ts, the
 * functions in invokes.ts; this file wires them and answers the plugin-level RPCs.
 * @packageDocumentation
 */

import type * as grpc from "@grpc/grpc-js";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import type * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { checkFailure } from "./checkFailure";
import type { EngineLog } from "./engineLog";
import { toGrpcError } from "./grpcErrors";
import { checkInvokeArgs } from "./invokeArgs";
import { checkConfig, configChanged, configure, SECRET_CONFIG } from "./providerConfig";
import { ResourceCalls } from "./resourceCalls";
import { packageSchema } from "./schema";
import { fromWire, toWire } from "./wire";

/** What the service needs from its process. @internal */
export interface ServerOptions {
  version: string;
  log: EngineLog;
}

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

/** A unary handler from an async function; a thrown error answers with the engine's form of it. */
function unary<Req, Res>(
  fn: (req: Req) => Promise<Res>,
  secretsOf?: (req: Req) => ReadonlySet<string>,
): Unary<Req, Res> {
  return (call, callback) => {
    fn(call.request).then(
      (res) => callback(null, res),
      (err: unknown) => callback(toGrpcError(err, secretsOf?.(call.request))),
    );
  };
}

/** The service implementation. @internal */
export function providerService(o: ServerOptions): Partial<provrpc.IResourceProviderServer> {
  const calls = new ResourceCalls(o.log);
  const secretsOf = (req: { getUrn(): string; getType(): string }) => calls.secretsOf(req.getUrn(), req.getType());
  return {
    // The CLI starts the plugin in the project's folder (where the journal's default lives, as for the dynamic host);
    // the handshake's folders are the plugin's own install folder, so the plugin stays where it was started.
    handshake: unary(async () => {
      const resp = new provproto.ProviderHandshakeResponse();
      resp.setAcceptSecrets(true);
      resp.setAcceptResources(false);
      resp.setAcceptOutputs(false);
      return resp;
    }),
    getPluginInfo: unary(async () => {
      const info = new plugproto.PluginInfo();
      info.setVersion(o.version);
      return info;
    }),
    getSchema: unary(async () => {
      const resp = new provproto.GetSchemaResponse();
      resp.setSchema(JSON.stringify(packageSchema(o.version)));
      return resp;
    }),
    checkConfig: unary(async (req: provproto.CheckRequest) => {
      const news = fromWire(req.getNews());
      const resp = new provproto.CheckResponse();
      resp.setInputs(toWire(news.props, new Set([...SECRET_CONFIG, ...news.secrets])));
      resp.setFailuresList(checkConfig(news.props).map(checkFailure));
      return resp;
    }),
    diffConfig: unary(async (req: provproto.DiffRequest) => {
      // A new credential or endpoint changes how later calls are made, never the resources: no replacement.
      const changed = configChanged(fromWire(req.getOldInputs() ?? req.getOlds()).props, fromWire(req.getNews()).props);
      const resp = new provproto.DiffResponse();
      resp.setChanges(
        changed.length > 0
          ? provproto.DiffResponse.DiffChanges.DIFF_SOME
          : provproto.DiffResponse.DiffChanges.DIFF_NONE,
      );
      resp.setDiffsList(changed);
      return resp;
    }),
    configure: unary(async (req: provproto.ConfigureRequest) => {
      const args = fromWire(req.getArgs()).props;
      // Engines that send no args send the variables, keyed `tencentcloud-redis:config:<key>`.
      if (!req.hasArgs()) {
        for (const [k, v] of req.getVariablesMap().entries()) args[k.split(":").pop() ?? k] = v;
      }
      configure(args);
      const resp = new provproto.ConfigureResponse();
      resp.setAcceptsecrets(true);
      resp.setSupportspreview(true);
      resp.setAcceptresources(false);
      resp.setAcceptoutputs(false);
      return resp;
    }),
    invoke: unary(async (req: provproto.InvokeRequest) => {
      const resp = new provproto.InvokeResponse();
      const args = fromWire(req.getArgs()).props;
      // Refused arguments come back as check failures, which the engine reports with the rule, before any call.
      const failures = checkInvokeArgs(req.getTok(), args);
      if (failures.length > 0) {
        resp.setFailuresList(failures.map(checkFailure));
        return resp;
      }
      // Loaded on the first invoke: the functions bring the whole Pulumi SDK (half a second of a start-up that every
      // preview waits for), and a program that calls none never needs it.
      const { invoke } = await import("./invokes.js");
      resp.setReturn(toWire(await invoke(req.getTok(), args), new Set()));
      return resp;
    }),
    check: unary((req: provproto.CheckRequest) => calls.check(req)),
    diff: unary((req: provproto.DiffRequest) => calls.diff(req)),
    create: unary((req: provproto.CreateRequest) => calls.create(req), secretsOf),
    read: unary((req: provproto.ReadRequest) => calls.read(req), secretsOf),
    update: unary((req: provproto.UpdateRequest) => calls.update(req), secretsOf),
    delete: unary(async (req: provproto.DeleteRequest) => {
      await calls.delete(req);
      return new Empty();
    }, secretsOf),
    cancel: unary(async () => new Empty()),
    // Only converters ask for mappings; this provider maps nothing.
    getMapping: unary(async () => new provproto.GetMappingResponse()),
    getMappings: unary(async () => new provproto.GetMappingsResponse()),
  };
}
