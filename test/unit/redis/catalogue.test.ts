import * as fs from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeRedisProductSchema, describeRedisZonesSchema } from "../../../provider/api";
import { catalogueOf, catalogueRules, checkWithCatalogue } from "../../../provider/redis/rules/catalogue";
import { checkInstanceInputs } from "../../../provider/redis/rules/instanceInputs";
import { resetSharedPollers } from "../../../provider/wait";

const FIXTURES = path.join(__dirname, "../api/fixtures");
const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));

/** The documents' own examples: four zones listed; the use case sells both types in 100002 and 200001, type 2 in 300001. */
const useCase = catalogueOf(
  describeRedisZonesSchema.parse(fixture("DescribeRedisZones")),
  describeRedisProductSchema.parse(fixture("DescribeRedisProduct-usecase")),
);
/** The plain example: only cluster (type 1) in 100002; the other listed zones sell nothing. */
const narrow = catalogueOf(
  describeRedisZonesSchema.parse(fixture("DescribeRedisZones")),
  describeRedisProductSchema.parse(fixture("DescribeRedisProduct")),
);

const PASSWORD = "Zq7Xw3Kp9Lm2";
const inputs = (over: Record<string, unknown> = {}) => ({
  zoneId: 100002,
  typeId: 2,
  memSize: 2048,
  period: 1,
  password: PASSWORD,
  ...over,
});
const failures = (
  cat: typeof useCase,
  news: Record<string, unknown>,
  olds: Record<string, unknown> = {},
): { property: string; reason: string }[] => checkInstanceInputs(olds, news, catalogueRules(cat)).failures ?? [];

describe("catalogue rules (DescribeRedisZones + DescribeRedisProduct)", () => {
  it("accepts what is on sale", () => {
    expect(failures(useCase, inputs())).toEqual([]);
    expect(failures(narrow, inputs({ typeId: 1 }))).toEqual([]);
  });

  it("refuses a size the catalogue does not sell although the static rule allows it", () => {
    const news = inputs({ zoneId: 300001, memSize: 51200 });
    expect(checkInstanceInputs({}, news).failures).toEqual([]); // static: standalone up to 61440 MB
    const [f] = failures(useCase, news);
    expect(f?.property).toBe("memSize");
    expect(f?.reason).toContain("catalogue (DescribeRedisProduct) sells [1024, 40960] MB");
    expect(f?.reason).toContain("zone 300001");
  });

  it("allows a size the catalogue sells beyond the static default range", () => {
    const news = inputs({ memSize: 102400 });
    expect(checkInstanceInputs({}, news).failures?.map((x) => x.property)).toEqual(["memSize"]);
    expect(failures(useCase, news)).toEqual([]);
  });

  it("refuses a type not sold in the zone, a listed zone that sells nothing, a zone not listed", () => {
    expect(failures(narrow, inputs({ typeId: 2 }))).toEqual([
      { property: "typeId", reason: expect.stringMatching(/typeId 2 is not sold in zone 100002.*sells typeId 1/) },
    ]);
    expect(failures(narrow, inputs({ zoneId: 200001 }))).toEqual([
      {
        property: "zoneId",
        reason: expect.stringContaining("sells no Redis type now: the catalogue (DescribeRedisProduct)"),
      },
    ]);
    expect(failures(useCase, inputs({ zoneId: 100001 }))).toEqual([
      {
        property: "zoneId",
        reason: expect.stringContaining("does not sell Redis: the catalogue (DescribeRedisZones)"),
      },
    ]);
  });

  it("does not refuse an instance already bought for what no longer sells, only a change to it", () => {
    const bought = inputs({ zoneId: 200001, typeId: 2, memSize: 2048, instanceId: "crs-abc" });
    expect(failures(narrow, bought, bought)).toEqual([]);
    const grown = failures(useCase, { ...bought, zoneId: 300001, memSize: 81920 }, { ...bought, zoneId: 300001 });
    expect(grown.map((f) => f.property)).toEqual(["memSize"]);
  });

  it("keeps the document's static rules beside the catalogue (multiple of 1024, periods)", () => {
    expect(failures(useCase, inputs({ memSize: 1500, period: 13 })).map((f) => f.property)).toEqual([
      "memSize",
      "period",
    ]);
  });
});

describe("checkWithCatalogue", () => {
  let server: Server;
  let endpoint = "";
  let answer: (action: string) => unknown = () => ({});
  const actions: string[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => {
        body += d.toString();
      });
      req.on("end", () => {
        const action = new URLSearchParams(body).get("Action") ?? "";
        actions.push(action);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(answer(action)));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  afterEach(() => {
    process.env = { ...saved };
    actions.length = 0;
    resetSharedPollers();
  });

  const useEndpoint = () => {
    Object.assign(process.env, {
      TENCENTCLOUD_SECRET_ID: "AKIDunit",
      TENCENTCLOUD_SECRET_KEY: "unit-key",
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TENCENTCLOUD_REDIS_ENDPOINT: endpoint,
    });
  };

  it("reads the catalogue once per process and judges by it", async () => {
    useEndpoint();
    answer = (a) => fixture(a === "DescribeRedisZones" ? "DescribeRedisZones" : "DescribeRedisProduct-usecase");
    const first = await checkWithCatalogue({}, inputs({ zoneId: 300001, memSize: 51200 }));
    expect(first.failures?.[0]?.reason).toContain("catalogue (DescribeRedisProduct)");
    expect((await checkWithCatalogue({}, inputs({ memSize: 102400 }))).failures).toEqual([]);
    expect(actions.sort()).toEqual(["DescribeRedisProduct", "DescribeRedisZones"]);
  });

  it("falls back to the static rules when the catalogue call fails", async () => {
    useEndpoint();
    answer = () => ({ code: 4100, message: "signature verification failed", codeDesc: "AuthFailure" });
    const r = await checkWithCatalogue({}, inputs({ zoneId: 300001, memSize: 51200 }));
    expect(r.failures).toEqual([]);
    const big = await checkWithCatalogue({}, inputs({ memSize: 102400 }));
    expect(big.failures?.[0]?.reason).toContain("within [1024, 61440] MB");
    expect(actions.filter((a) => a === "DescribeRedisZones")).toHaveLength(1); // the failure is kept too
  });

  it("uses the static rules without credentials and calls nothing", async () => {
    for (const k of ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_REGION"]) delete process.env[k];
    const r = await checkWithCatalogue({}, inputs({ memSize: 102400 }));
    expect(r.failures?.[0]?.reason).toContain("within [1024, 61440] MB");
    expect(actions).toEqual([]);
  });
});
