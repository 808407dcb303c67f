/** A fake status source for poller tests: records every fetch and answers from a mutable table. */
export interface FakeState {
  status: number;
}

export interface FakeCloud {
  /** Current status per id; an id absent here is absent from answers. */
  statuses: Map<string, number>;
  /** Ids of every fetch call, in order. */
  calls: string[][];
  /** Epoch ms at which each call started. */
  callTimes: number[];
  /** Errors to throw on the next calls, consumed in order. */
  failNext: unknown[];
  /** Largest number of fetches in flight at once. */
  maxInFlight: number;
  fetch: (ids: string[]) => Promise<Map<string, FakeState>>;
}

export function fakeCloud(): FakeCloud {
  let inFlight = 0;
  const cloud: FakeCloud = {
    statuses: new Map(),
    calls: [],
    callTimes: [],
    failNext: [],
    maxInFlight: 0,
    fetch: async (ids) => {
      cloud.calls.push([...ids]);
      cloud.callTimes.push(Date.now());
      inFlight++;
      cloud.maxInFlight = Math.max(cloud.maxInFlight, inFlight);
      try {
        await Promise.resolve();
        if (cloud.failNext.length > 0) throw cloud.failNext.shift();
        const out = new Map<string, FakeState>();
        for (const id of ids) {
          const status = cloud.statuses.get(id);
          if (status !== undefined) out.set(id, { status });
        }
        return out;
      } finally {
        inFlight--;
      }
    },
  };
  return cloud;
}

/** Records how a promise ends without letting a rejection go unhandled. */
export function track<T>(p: Promise<T>): { settled: boolean; value?: T; error?: unknown; at?: number } {
  const r: { settled: boolean; value?: T; error?: unknown; at?: number } = { settled: false };
  p.then(
    (value) => {
      Object.assign(r, { settled: true, value, at: Date.now() });
    },
    (error: unknown) => {
      Object.assign(r, { settled: true, error, at: Date.now() });
    },
  );
  return r;
}
