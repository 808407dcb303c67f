import { describe, expect, it } from "vitest";
import { parseCrsTime } from "../../../provider/redis/reads/time";

describe("parseCrsTime", () => {
  it("reads a CRS time as China Standard Time (UTC+8)", () => {
    expect(parseCrsTime("2017-07-24 11:27:04")).toBe(Date.parse("2017-07-24T03:27:04Z"));
  });

  it("crosses the date line backwards for early-morning times", () => {
    expect(parseCrsTime("2027-03-01 05:00:00")).toBe(Date.parse("2027-02-28T21:00:00Z"));
  });

  it("accepts a T separator and surrounding whitespace", () => {
    expect(parseCrsTime(" 2017-07-24T11:27:04 ")).toBe(Date.parse("2017-07-24T03:27:04Z"));
  });

  it.each([undefined, "", "2017-07-24", "2017/07/24 11:27:04", "2017-07-24 11:27", "yesterday"])(
    "returns undefined for %j",
    (value) => expect(parseCrsTime(value)).toBeUndefined(),
  );
});
