/**
 * Lines about a resource, sent to the engine's Log service with the resource's URN, so the CLI shows them under that
 * resource (and `--json` events carry its URN) instead of under the stack. The engine's address is the plugin's first
 * argument. Sends are tracked so a call's answer waits for its lines: they then never arrive after the step ended.
 * @packageDocumentation
 */

import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";

/** @internal */
export interface EngineLog {
  /** Sends one info line about `urn` (about the stack when the URN is empty). */
  info(urn: string, line: string): void;
  /** Resolves once every line sent so far was answered (or failed: a lost line must not fail the operation). */
  flushed(): Promise<void>;
}

/** A log to the engine at `address`; without one (tests), lines go to stderr. @internal */
export function engineLog(address: string | undefined): EngineLog {
  if (!address) {
    return {
      info: (urn, line) => process.stderr.write(`${urn ? `${urn}: ` : ""}${line}\n`),
      flushed: async () => {},
    };
  }
  const client = new engrpc.EngineClient(address, grpc.credentials.createInsecure());
  const pending = new Set<Promise<void>>();
  return {
    info(urn, line) {
      const req = new engproto.LogRequest();
      req.setSeverity(engproto.LogSeverity.INFO);
      req.setMessage(line);
      req.setUrn(urn);
      const sent = new Promise<void>((resolve) => client.log(req, () => resolve()));
      pending.add(sent);
      void sent.then(() => pending.delete(sent));
    },
    async flushed() {
      await Promise.all([...pending]);
    },
  };
}
