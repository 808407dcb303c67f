import { describe, expect, it } from "vitest";
import { monthsLeft, orderPrice, upgradePrice } from "../../emulator/pricing";

const DAY = 86_400_000;
const NOW = Date.UTC(2027, 0, 10);

describe("the emulator's price rule", () => {
  it.each([
    // [typeId, memSize, months, goodsNum, price]: the document's example first.
    [1, 1024, 2, 1, 16000],
    [1, 1024, 1, 1, 8000],
    [2, 1024, 1, 1, 6000],
    [2, 4096, 3, 1, 72000],
    [1, 2048, 12, 2, 384000],
  ])("buys or renews type %i, %i MB, %i months, %i instances for %i", (typeId, memSize, months, goodsNum, price) => {
    expect(orderPrice(typeId, memSize, months, goodsNum)).toBe(price);
  });

  it.each([
    // [days left, months charged]
    [0, 1],
    [1, 1],
    [30, 1],
    [31, 2],
    [90, 3],
  ])("an upgrade with %i days left pays %i month(s)", (days, months) => {
    expect(monthsLeft(NOW + days * DAY, NOW)).toBe(months);
  });

  it("an upgrade costs the difference of the two sizes for the months left", () => {
    expect(upgradePrice(2, 1024, 2048, NOW + 20 * DAY, NOW)).toBe(6000);
    expect(upgradePrice(1, 1024, 3072, NOW + 45 * DAY, NOW)).toBe(32000);
  });
});
