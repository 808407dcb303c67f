import { describe, expect, it } from "vitest";
import { flatten } from "../../../provider/api/flatten";

describe("flatten", () => {
  it("numbers arrays from 0 and joins nested names with dots", () => {
    expect(
      flatten({ dealIds: ["a", "b"], typeId: 1, f: { a: { b: true } }, none: undefined, nul: null, empty: [] }),
    ).toEqual({
      "dealIds.0": "a",
      "dealIds.1": "b",
      typeId: "1",
      "f.a.b": "true",
    });
  });
  it("handles arrays of objects", () => {
    expect(flatten({ x: [{ k: 1 }, { k: 2 }] })).toEqual({ "x.0.k": "1", "x.1.k": "2" });
  });
});
