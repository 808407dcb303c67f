/**
 * Errors as the engine reads them. A partial failure (the resource exists though the operation failed, e.g. an order
 * was placed and its wait timed out) travels as ErrorResourceInitFailed in the status details: the engine keeps the id
 * and properties in the state, so the next `pulumi up` updates instead of buying again.
 * @packageDocumentation
 */

import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { PartialError } from "../../runtime/partial";
import { toWire } from "./wire";

/** What a handler's callback takes as an error. @internal */
export type GrpcError = Partial<grpc.StatusObject> & { message: string; code: grpc.status };

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The engine's form of an error.
 * @param secret - the keys to mark secret in a partial failure's properties
 * @internal
 */
export function toGrpcError(err: unknown, secret: ReadonlySet<string> = new Set()): GrpcError {
  const message = messageOf(err);
  if (!(err instanceof PartialError) || !err.id) return { code: grpc.status.UNKNOWN, message };
  const detail = new provproto.ErrorResourceInitFailed();
  detail.setId(err.id);
  detail.setProperties(toWire(err.properties, secret));
  detail.setReasonsList(err.reasons);
  const any = new Any();
  any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new statusproto.Status();
  status.setCode(grpc.status.UNKNOWN);
  status.setMessage(message);
  status.addDetails(any);
  const metadata = new grpc.Metadata();
  // The engine reads the details from this trailer (the Go gRPC convention).
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return { code: grpc.status.UNKNOWN, message, metadata };
}
