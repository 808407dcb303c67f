import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ListingSource, ReadCoalescer } from "../../../provider/wait";
import { track } from "./fakeCloud";

interface Item {
  id: string;
  v: number;
}

/** A fake listing of `total` items that records every call. */
function fakeListing(total: number) {
  const items: Item[] = Array.from({ length: total }, (_, i) => ({ id: `i${i}`, v: i }));
  const calls: string[] = [];
  let failNext: unknown;
  const source: ListingSource<Item> = {
    async fetchOne(id) {
      calls.push(`one:${id}`);
      await Promise.resolve();
      if (failNext !== undefined) throw failNext;
      return items.find((x) => x.id === id);
    },
    async fetchPage(offset, limit) {
      calls.push(`page:${offset}:${limit}`);
      await Promise.resolve();
      if (failNext !== undefined) throw failNext;
      return { items: items.slice(offset, offset + limit), total: items.length };
    },
  };
  return {
    items,
    calls,
    source,
    fail(err: unknown) {
      failNext = err;
    },
  };
}

const coalescer = () => new ReadCoalescer<Item>({ idOf: (x) => x.id, pageSize: 100, quietMs: 10, maxWaitMs: 50 });

beforeEach(() => {
  vi.useFakeTimers();
});
// A batch goes out on the tick after its timer (setImmediate), hence the 11 ms and 51 ms advances below.
afterEach(() => {
  vi.useRealTimers();
});

describe("ReadCoalescer", () => {
  it("answers 100 concurrent reads with one listing call", async () => {
    const cloud = fakeListing(100);
    const c = coalescer();
    const reads = cloud.items.map((x) => track(c.get(x.id, cloud.source)));
    await vi.advanceTimersByTimeAsync(11);
    expect(cloud.calls).toEqual(["page:0:100"]);
    expect(reads.every((r, i) => r.settled && (r.value as Item).v === i)).toBe(true);
  });

  it("keeps the filtered call for a read alone", async () => {
    const cloud = fakeListing(300);
    const c = coalescer();
    const read = track(c.get("i7", cloud.source));
    await vi.advanceTimersByTimeAsync(11);
    expect(cloud.calls).toEqual(["one:i7"]);
    expect(read.value).toEqual({ id: "i7", v: 7 });
  });

  it("gives every caller of a failed batch the error", async () => {
    const cloud = fakeListing(10);
    const boom = new Error("throttled");
    cloud.fail(boom);
    const c = coalescer();
    const reads = [track(c.get("i1", cloud.source)), track(c.get("i2", cloud.source)), track(c.list(cloud.source))];
    await vi.advanceTimersByTimeAsync(11);
    expect(cloud.calls).toHaveLength(1);
    expect(reads.map((r) => r.error)).toEqual([boom, boom, boom]);
  });

  it("shares one full listing between concurrent listings and reads, paging through all of it", async () => {
    const cloud = fakeListing(250);
    const c = coalescer();
    const a = track(c.list(cloud.source));
    const b = track(c.list(cloud.source));
    const one = track(c.get("i3", cloud.source));
    await vi.advanceTimersByTimeAsync(11);
    expect(cloud.calls).toEqual(["page:0:100", "page:100:100", "page:200:100"]);
    expect((a.value as Item[]).length).toBe(250);
    expect(b.value).toEqual(a.value);
    expect(one.value).toEqual({ id: "i3", v: 3 });
  });

  it("sends a read that arrives during a listing in the next batch, never from the older read", async () => {
    const cloud = fakeListing(5);
    const c = coalescer();
    const first = [track(c.get("i1", cloud.source)), track(c.get("i2", cloud.source))];
    await vi.advanceTimersByTimeAsync(11); // the batch is sent; its answer is a microtask away
    cloud.items[3] = { id: "i3", v: 33 };
    const late = track(c.get("i3", cloud.source));
    await vi.advanceTimersByTimeAsync(101); // a burst: the next batch collects for 100 quiet ms

    expect(first.every((r) => r.settled)).toBe(true);
    expect(cloud.calls).toEqual(["page:0:100", "one:i3"]);
    expect(late.value).toEqual({ id: "i3", v: 33 });
  });

  it("sends at the latest maxWaitMs after the first read, however steady the stream", async () => {
    const cloud = fakeListing(50);
    const c = coalescer();
    const reads = [];
    for (let i = 0; i < 8; i++) {
      reads.push(track(c.get(`i${i}`, cloud.source)));
      await vi.advanceTimersByTimeAsync(8); // never quiet for 10 ms
    }
    // Reads at 0..48 ms went out together at 50 ms; the one at 56 ms opened the next batch.
    expect(cloud.calls).toEqual(["page:0:100"]);
    expect(reads.slice(0, 7).every((r) => r.settled)).toBe(true);
    expect(reads[7]?.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(101);
    expect(cloud.calls).toEqual(["page:0:100", "one:i7"]);
    expect(reads[7]?.value).toEqual({ id: "i7", v: 7 });
  });

  it("turns a refresh's 100 reads, trickling in over 600 ms while each listing takes 200 ms, into two listings", async () => {
    const cloud = fakeListing(100);
    const slow: ListingSource<Item> = {
      fetchOne: cloud.source.fetchOne,
      fetchPage: async (offset, limit) => {
        const page = await cloud.source.fetchPage(offset, limit);
        await new Promise((r) => setTimeout(r, 200));
        return page;
      },
    };
    const c = coalescer();
    const reads = [];
    for (const x of cloud.items) {
      reads.push(track(c.get(x.id, slow)));
      await vi.advanceTimersByTimeAsync(6);
    }
    await vi.advanceTimersByTimeAsync(1500);
    expect(cloud.calls).toEqual(["page:0:100", "page:0:100"]);
    expect(reads.every((r, i) => (r.value as Item).v === i)).toBe(true);
  });

  it("keeps the short window for a lone read once a burst is over", async () => {
    const cloud = fakeListing(5);
    const c = coalescer();
    track(c.get("i1", cloud.source));
    track(c.get("i2", cloud.source));
    await vi.advanceTimersByTimeAsync(11);
    await vi.advanceTimersByTimeAsync(1000);
    const lone = track(c.get("i4", cloud.source));
    await vi.advanceTimersByTimeAsync(11);
    expect(lone.value).toEqual({ id: "i4", v: 4 });
  });

  it("sends a batch once even when a read lands between its timer and its turn", async () => {
    const cloud = fakeListing(20);
    const c = coalescer();
    const reads = [track(c.get("i0", cloud.source))];
    for (let i = 1; i < 7; i++) {
      await vi.advanceTimersByTimeAsync(8);
      reads.push(track(c.get(`i${i}`, cloud.source)));
    }
    // Now 48 ms: the batch is due at 50 (its longest wait). This timer is registered after the batch's, so it
    // fires right after it, before the batch's turn comes.
    setTimeout(() => reads.push(track(c.get("i9", cloud.source))), 2);
    await vi.advanceTimersByTimeAsync(20);
    expect(cloud.calls).toEqual(["page:0:100"]);
    expect(reads.map((r) => (r.value as Item | undefined)?.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 9]);
  });

  it("looks a few missing ids up one by one instead of reading a large account to its end", async () => {
    const cloud = fakeListing(1000);
    const c = coalescer();
    const reads = [track(c.get("i1", cloud.source)), track(c.get("i900", cloud.source))];
    await vi.advanceTimersByTimeAsync(11);
    expect(cloud.calls).toEqual(["page:0:100", "one:i900"]);
    expect(reads.map((r) => (r.value as Item).v)).toEqual([1, 900]);
  });

  it("answers undefined for an id the cloud does not know", async () => {
    const cloud = fakeListing(3);
    const c = coalescer();
    const reads = [track(c.get("i1", cloud.source)), track(c.get("nope", cloud.source))];
    await vi.advanceTimersByTimeAsync(11);
    expect(reads[1]?.settled).toBe(true);
    expect(reads[1]?.value).toBeUndefined();
    expect(reads[0]?.value).toEqual({ id: "i1", v: 1 });
  });

  it("stops on a page that adds nothing new (a server that ignores offset), after one probe at offset 1", async () => {
    const calls: number[] = [];
    const same: Item[] = Array.from({ length: 100 }, (_, i) => ({ id: `i${i}`, v: i }));
    const source: ListingSource<Item> = {
      fetchOne: async () => undefined,
      fetchPage: async (offset) => {
        calls.push(offset);
        return { items: same, total: 500 };
      },
    };
    const c = coalescer();
    const all = track(c.list(source));
    await vi.advanceTimersByTimeAsync(11);
    expect(calls).toEqual([0, 100, 1]);
    expect((all.value as Item[]).length).toBe(100);
  });
});

describe("ReadCoalescer.getRecent (refresh reads that come a few at a time)", () => {
  /** Reads arrive in groups of `group`, each group after the previous one was answered (the CLI's parallelism). */
  async function refreshInGroups(c: ReadCoalescer<Item>, cloud: ReturnType<typeof fakeListing>, group: number) {
    for (let i = 0; i < cloud.items.length; i += group) {
      const reads = cloud.items.slice(i, i + group).map((x) => track(c.getRecent(x.id, cloud.source, 10_000)));
      while (!reads.every((r) => r.settled)) await vi.advanceTimersByTimeAsync(11);
      expect(reads.map((r) => (r.value as Item).v)).toEqual(cloud.items.slice(i, i + group).map((x) => x.v));
    }
  }

  it("answers 100 reads that come 8 at a time with one listing", async () => {
    const cloud = fakeListing(100);
    const c = coalescer();
    await refreshInGroups(c, cloud, 8);
    expect(cloud.calls).toEqual(["page:0:100"]);
  });

  it("reads afresh after this process changed something, after the age limit, or for an id the listing lacks", async () => {
    let epoch = 0;
    const cloud = fakeListing(20);
    const c = new ReadCoalescer<Item>({ idOf: (x) => x.id, quietMs: 10, maxWaitMs: 50, epoch: () => epoch });
    const first = [track(c.getMany(["i0", "i1"], cloud.source))];
    await vi.advanceTimersByTimeAsync(11);
    expect(first[0]?.settled).toBe(true);
    expect(cloud.calls).toEqual(["page:0:100"]);

    const cached = track(c.getRecent("i5", cloud.source, 10_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(cached.value).toEqual({ id: "i5", v: 5 });
    expect(cloud.calls).toHaveLength(1);

    epoch++; // e.g. a ModifyRedisName of this process
    const afterWrite = track(c.getRecent("i5", cloud.source, 10_000));
    await vi.advanceTimersByTimeAsync(11);
    expect(afterWrite.settled).toBe(true);
    expect(cloud.calls.slice(1)).toEqual(["one:i5"]);

    const fresh = [track(c.getMany(["i2", "i3"], cloud.source))];
    await vi.advanceTimersByTimeAsync(11);
    expect(fresh[0]?.settled).toBe(true);
    await vi.advanceTimersByTimeAsync(10_001);
    const tooOld = track(c.getRecent("i6", cloud.source, 10_000));
    await vi.advanceTimersByTimeAsync(11);
    expect(tooOld.value).toEqual({ id: "i6", v: 6 });
    expect(cloud.calls.slice(2)).toEqual(["page:0:100", "one:i6"]);

    const unknown = track(c.getRecent("nope", cloud.source, 60_000));
    await vi.advanceTimersByTimeAsync(11);
    expect(unknown.settled).toBe(true);
    expect(cloud.calls.at(-1)).toBe("one:nope");
  });

  it("a read that comes while a listing is in flight waits for it instead of sending its own", async () => {
    const cloud = fakeListing(50);
    const c = coalescer();
    const batch = track(c.getMany(["i0", "i1", "i2"], cloud.source));
    await vi.advanceTimersByTimeAsync(10); // the listing is about to go out
    await vi.advanceTimersByTimeAsync(1);
    const late = track(c.getRecent("i40", cloud.source, 10_000));
    await vi.advanceTimersByTimeAsync(11);
    expect(batch.settled && late.settled).toBe(true);
    expect(late.value).toEqual({ id: "i40", v: 40 });
    expect(cloud.calls).toEqual(["page:0:100"]);
  });
});
