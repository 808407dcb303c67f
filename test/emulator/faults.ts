/** Kinds of injected faults (the /_emulator/faults contract). @internal */
export const FAULT_KINDS = [
  "http500",
  "code6000",
  "reset",
  "dropAfterCommit",
  // The action commits (CreateRedis places the deal and instance), then the answer is the server error: 2017
  // `{code: 6000, codeDesc: "InternalError"}`, API 3.0 `Error.Code` InternalError. A purchase answered so happened.
  "code6000AfterCommit",
  "latency",
  "throttle4400",
  "locked10707",
  // Malformed answers (mutations of the documented ones). `html` and `empty` come from a gateway in front of the
  // service (nothing committed); `truncated`, `wrongTypes` and `missingField` mangle the service's real answer after
  // the change was committed, which is the hard case for a purchase.
  "html",
  "empty",
  "truncated",
  "wrongTypes",
  "missingField",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  id: string;
  action: string;
  kind: FaultKind;
  times: number;
  latencyMs: number;
}

/** A fault that fired: which fault, on which action, when (emulator ms), and the call's seq in /_emulator/calls. */
export interface FiredFault {
  id: string;
  action: string;
  kind: FaultKind;
  time: number;
  /** Set when the call is logged (every call that takes a fault is). */
  seq?: number;
}

/**
 * Faults waiting for matching calls; each match uses up one of `times` and is recorded as fired. The fired record
 * outlives the fault: `clear()` drops pending faults only, `clear(true)` (DELETE ?fired=1, POST /reset) both.
 * @internal
 */
export class Faults {
  private faults: Fault[] = [];
  private firedList: FiredFault[] = [];
  private next = 1;

  /** `prefix` makes ids unique across restarts of the emulator (index.ts draws one per start). */
  constructor(private readonly prefix = "fault") {}

  add(f: Omit<Fault, "id">): string {
    const id = `${this.prefix}-${this.next++}`;
    this.faults.push({ ...f, id });
    return id;
  }

  /** Takes the first fault matching the action (or "*"), consuming one use, and records that it fired. */
  take(action: string, time: number): { fault: Fault; fired: FiredFault } | undefined {
    const f = this.faults.find((x) => x.times > 0 && (x.action === "*" || x.action === action));
    if (!f) return undefined;
    f.times--;
    if (f.times <= 0) this.faults = this.faults.filter((x) => x !== f);
    const fired: FiredFault = { id: f.id, action, kind: f.kind, time };
    this.firedList.push(fired);
    return { fault: f, fired };
  }

  pending(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  fired(): FiredFault[] {
    return this.firedList.map((f) => ({ ...f }));
  }

  clear(fired = false): void {
    this.faults = [];
    if (fired) this.firedList = [];
  }
}
