/** Kinds of injected faults (the /_emulator/faults contract). @internal */
export const FAULT_KINDS = [
  "http500",
  "code6000",
  "reset",
  "dropAfterCommit",
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

/** Faults waiting for matching calls; each match uses up one of `times`. @internal */
export class Faults {
  private faults: Fault[] = [];
  private next = 1;

  add(f: Omit<Fault, "id">): string {
    const id = `fault-${this.next++}`;
    this.faults.push({ ...f, id });
    return id;
  }

  /** Takes the first fault matching the action (or "*"), consuming one use. */
  take(action: string): Fault | undefined {
    const f = this.faults.find((x) => x.times > 0 && (x.action === "*" || x.action === action));
    if (!f) return undefined;
    f.times--;
    if (f.times <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  clear(): void {
    this.faults = [];
  }
}
