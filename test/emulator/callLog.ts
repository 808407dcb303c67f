/** One logged API call (the /_emulator/calls contract). @internal */
export interface CallEntry {
  seq: number;
  time: number;
  api: "2017" | "redis3" | "sqlserver3";
  action: string;
  params: Record<string, unknown>;
  /** 0 ok; the 2017 common code; for API 3.0 the Error.Code string. -1 when the socket was reset unanswered. */
  code: number | string;
  /** 0 when no HTTP answer was sent (reset, dropAfterCommit). */
  httpStatus: number;
}

const SECRET_KEYS = new Set(["Password", "OldPassword", "password", "oldPassword", "Signature", "SecretKey"]);

/** Copies params with secrets replaced by "***". @internal */
export function redact(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, SECRET_KEYS.has(k) ? "***" : v]));
}

/** The in-memory call log. @internal */
export class CallLog {
  private entries: CallEntry[] = [];
  private seq = 0;

  /** Logs a call; returns its seq. */
  add(e: Omit<CallEntry, "seq" | "params"> & { params: Record<string, unknown> }): number {
    this.entries.push({ ...e, seq: ++this.seq, params: redact(e.params) });
    return this.seq;
  }

  list(): CallEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
