import { describe, expect, it } from "vitest";
import { collectPages } from "../../../provider/redis/reads/instanceReads";

/** A paged listing with record offsets, recording each (offset, limit) asked. */
function listing(total: number, maxPage = Number.POSITIVE_INFINITY) {
  const asked: [number, number][] = [];
  const fetchPage = async (offset: number, limit: number) => {
    asked.push([offset, limit]);
    const n = Math.min(limit, maxPage);
    return {
      items: Array.from({ length: Math.max(0, Math.min(n, total - offset)) }, (_, i) => `b${offset + i}`),
      total,
    };
  };
  return { asked, fetchPage };
}

describe("collectPages", () => {
  it("reads a 250-item listing in three pages of 100 by record offset", async () => {
    const l = listing(250);
    const all = await collectPages(l.fetchPage, (x) => x);
    expect(all).toHaveLength(250);
    expect(l.asked).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
    ]);
  });

  it("makes one call for an empty or short listing", async () => {
    const l = listing(0);
    expect(await collectPages(l.fetchPage, (x) => x)).toEqual([]);
    expect(l.asked).toHaveLength(1);
  });

  it("advances by what a page really held when the server caps pages below the limit", async () => {
    const l = listing(120, 50);
    expect(await collectPages(l.fetchPage, (x) => x)).toHaveLength(120);
    expect(l.asked.map(([o]) => o)).toEqual([0, 50, 100]);
  });
});
