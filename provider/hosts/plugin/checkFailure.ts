import * as provproto from "@pulumi/pulumi/proto/provider_pb";

/** A refused property (an input, a config key, an invoke's argument) as the engine reads it. @internal */
export function checkFailure(f: { property: string; reason: string }): provproto.CheckFailure {
  const failure = new provproto.CheckFailure();
  failure.setProperty(f.property);
  failure.setReason(f.reason);
  return failure;
}
