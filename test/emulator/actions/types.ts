import type { Engine } from "../engine";
import type { Params } from "../params";

/** Context of one API call. @internal */
export interface CallContext {
  /** Base URL the client reached the emulator with (for download links). */
  baseUrl: string;
}

/** One 2017 action: returns the fields added next to code/message/codeDesc. @internal */
export type Handler = (
  engine: Engine,
  params: Params,
  ctx: CallContext,
) => Record<string, unknown> | Promise<Record<string, unknown>>;
