/**
 * The emulator's price rule, one place for every action that quotes or charges (InquiryRedisPrice,
 * UpgradeRedisInquiryPrice, and the `price` of the CreateRedis, RenewRedis and UpgradeRedis deals), so a quote always
 * equals the charge of the same order. Prices are in 0.01 CNY, as the API gives them. Documented in README.md.
 * @internal
 */

/**
 * Price of one GB for one month, by type. 8000 for a cluster reproduces the document's example (1 GB cluster for
 * 2 months = 16000); a standalone instance is cheaper. The zone does not change the price.
 * @internal
 */
export const PRICE_PER_GB_MONTH: Readonly<Record<number, number>> = Object.freeze({ 1: 8000, 2: 6000 });

const DAY_MS = 86_400_000;

/**
 * Buying or renewing: per GB-month price × GB × months × number of instances.
 * @param typeId - 1 cluster, 2 standalone
 * @param memSize - MB, a multiple of 1024
 * @param months - the order's period
 * @param goodsNum - how many instances
 * @internal
 */
export function orderPrice(typeId: number, memSize: number, months: number, goodsNum = 1): number {
  return (PRICE_PER_GB_MONTH[typeId] ?? PRICE_PER_GB_MONTH[1] ?? 0) * (memSize / 1024) * months * goodsNum;
}

/**
 * The months an upgrade pays for: what is left of the paid time, in 30-day months rounded up, at least one (the
 * document gives no rule; this one is simple to state and to check).
 * @internal
 */
export function monthsLeft(deadlineMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((deadlineMs - nowMs) / (30 * DAY_MS)));
}

/**
 * Upgrading: the difference between the new and the old size's price for the months left.
 * @internal
 */
export function upgradePrice(
  typeId: number,
  fromMemSize: number,
  toMemSize: number,
  deadlineMs: number,
  nowMs: number,
): number {
  const months = monthsLeft(deadlineMs, nowMs);
  return orderPrice(typeId, toMemSize, months) - orderPrice(typeId, fromMemSize, months);
}
