import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { writePurchase } from "../../../provider/redis/orders/journal";
import { priceNew } from "../../../provider/redis/orders/planPrices";

/*
 * A create whose order an earlier run placed is resumed by `up` (adopted, nothing bought): the plan must not print a
 * price for it, whichever host runs the check (the fault suite saw "price: buy 1 month" before such an adoption).
 */
describe("the plan's price of a new instance whose order an earlier run placed", () => {
  let dir: string;
  let lines: string[];
  const inputs = { __purchaseKey: "proj/dev/cache", zoneId: 100002, typeId: 2, memSize: 1024, period: 1 };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "resumed-price-"));
    vi.stubEnv("TENCENTCLOUD_REDIS_JOURNAL_DIR", dir);
    // No credentials: a price that were asked would say "price unknown (no credentials)".
    for (const k of ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"]) vi.stubEnv(k, "");
    lines = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("says the order is resumed and prints no price when the journal holds its deal", async () => {
    const fingerprint = { zoneId: 100002, typeId: 2, memSize: 1024, period: 1 };
    writePurchase({ kind: "create", key: "proj/dev/cache", startedAt: 1, fingerprint, dealId: "4321" }, dir);
    await priceNew(inputs);
    const out = lines.join("");
    expect(out).toMatch(/cache: an earlier run's create order \(deal 4321\) is resumed: nothing new is bought/);
    expect(out).not.toMatch(/price/);
  });

  it("prices it as a purchase when there is no such record", async () => {
    // Another size: the process prints each distinct order once.
    await priceNew({ ...inputs, __purchaseKey: "proj/dev/other", memSize: 2048 });
    expect(lines.join("")).toMatch(/other: price unknown \(no credentials\)|other: price: buy/);
  });
});
