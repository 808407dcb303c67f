import { CrsError } from "../errors";

/**
 * An error that tells the engine the resource exists although the operation failed: the dynamic-provider host packs
 * `id` and `properties` into ErrorResourceInitFailed, the engine keeps them in the state, and the next `pulumi up`
 * calls `update` to finish. `properties` must carry `__provider`; the inputs the provider received do.
 * @internal
 */
export class PartialError extends CrsError {
  override readonly name = "PartialError";
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(message: string, id: string, properties: Record<string, unknown>, cause?: unknown) {
    // Carries what the wrapped error said of itself (action, whether a retry may succeed, whose fault).
    const inner = cause instanceof CrsError ? cause : undefined;
    super(message, {
      action: inner?.action ?? "",
      retryable: inner?.retryable ?? true,
      fault: inner?.fault ?? "server",
      ...(inner?.requestId !== undefined ? { requestId: inner.requestId } : {}),
      ...(cause === undefined ? {} : { cause }),
    });
    this.id = id;
    this.properties = properties;
    this.reasons = [message];
  }

  static wrap(err: unknown, id: string, properties: Record<string, unknown>): PartialError {
    if (err instanceof PartialError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new PartialError(message, id, properties, err);
  }
}
