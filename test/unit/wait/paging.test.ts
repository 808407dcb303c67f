import { describe, expect, it } from "vitest";
import { collectPages } from "../../../provider/redis/reads/instanceReads";
import { type ListingSource, pageThrough, ReadCoalescer } from "../../../provider/wait";

/**
 * A fake DescribeRedis over `total` instances. `record`: `offset` is a record offset (GetRedisBackupList's wording,
 * the emulator). `page`: `offset` is a page number, as the DescribeRedis table says ("Current page number").
 */
function answerer(total: number, mode: "record" | "page") {
  const ids = Array.from({ length: total }, (_, i) => `crs-${String(i).padStart(4, "0")}`);
  const asked: number[] = [];
  const fetchPage = async (offset: number, limit: number) => {
    asked.push(offset);
    const start = mode === "record" ? offset : offset * limit;
    return { items: ids.slice(start, start + limit), total };
  };
  const source: ListingSource<string> = {
    async fetchOne(id) {
      asked.push(-1);
      return ids.includes(id) ? id : undefined;
    },
    fetchPage,
  };
  return { ids, asked, fetchPage, source };
}

describe("paging DescribeRedis whether offset is a record offset or a page number (2.5 pages)", () => {
  for (const mode of ["record", "page"] as const) {
    it(`pageThrough reads all 250 instances when offset is a ${mode === "record" ? "record offset" : "page number"}`, async () => {
      const a = answerer(250, mode);
      const all = await pageThrough(a.fetchPage, (x) => x, { limit: 100 });
      expect([...all.keys()].sort()).toEqual(a.ids);
    });

    it(`collectPages and the read coalescer lose no instance (${mode})`, async () => {
      const a = answerer(250, mode);
      expect((await collectPages(a.fetchPage, (x) => x)).sort()).toEqual(a.ids);
      const c = new ReadCoalescer<string>({ idOf: (x) => x, pageSize: 100, quietMs: 1, maxWaitMs: 5 });
      expect((await c.list(a.source)).sort()).toEqual(a.ids);
      // A refresh of instances on every page finds each of them (none is dropped from the state).
      const wanted = ["crs-0005", "crs-0150", "crs-0249"];
      const found = await c.getMany(wanted, a.source);
      expect([...found.keys()].sort()).toEqual(wanted);
    });
  }

  it("keeps record paging as it was when the server reads offset as a record offset (no extra call)", async () => {
    const a = answerer(250, "record");
    await pageThrough(a.fetchPage, (x) => x, { limit: 100 });
    expect(a.asked).toEqual([0, 100, 200]);
  });

  it("works with small pages too (limit 10, 25 instances, offset a page number)", async () => {
    const a = answerer(25, "page");
    const all = await pageThrough(a.fetchPage, (x) => x, { limit: 10 });
    expect([...all.keys()].sort()).toEqual(a.ids);
  });

  it("looks up one by one the wanted ids a short listing lacks instead of answering 'not found'", async () => {
    const a = answerer(250, "record");
    // The listing says 250 but one instance moved between pages: it is on no page the listing read.
    const moved = "crs-0150";
    const source: ListingSource<string> = {
      fetchOne: a.source.fetchOne,
      fetchPage: async (offset, limit) => {
        const page = await a.fetchPage(offset, limit);
        return { items: page.items.filter((x) => x !== moved), total: page.total };
      },
    };
    const c = new ReadCoalescer<string>({ idOf: (x) => x, pageSize: 100, quietMs: 1, maxWaitMs: 5 });
    const wanted = ["crs-0005", moved, "crs-0249"];
    const found = await c.getMany(wanted, source);
    expect([...found.keys()].sort()).toEqual(wanted);
  });
});
