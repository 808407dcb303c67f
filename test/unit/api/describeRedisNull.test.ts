import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrsClient, closePools, describeRedis, ResponseShapeError } from "../../../provider/api";
import { describeRedisSchema } from "../../../provider/api/instanceActions";
import { endpointsFromBase } from "../../../provider/config";

/**
 * A DescribeRedis answer whose `data` or `redisSet` is null is not "no instances": read that way, a refresh drops the
 * resource and the next `pulumi up` buys again. The schema must refuse it (the client makes that a
 * ResponseShapeError); an empty account answers an empty `redisSet`.
 */
describe("DescribeRedis with a null data or redisSet", () => {
  it("refuses data: null, data missing, redisSet: null and redisSet missing", () => {
    for (const body of [
      { code: 0, totalCount: 1, data: null },
      { code: 0, totalCount: 0, data: null },
      { code: 0, totalCount: 1 },
      { code: 0, totalCount: 1, data: { redisSet: null } },
      { code: 0, totalCount: 0, data: { redisSet: null } },
      { code: 0, totalCount: 1, data: {} },
    ]) {
      expect(describeRedisSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });
  it("still reads an empty account (an empty redisSet)", () => {
    expect(describeRedisSchema.parse({ code: 0, totalCount: 0, data: { redisSet: [] } })).toEqual({
      totalCount: 0,
      instances: [],
    });
  });
});

describe("DescribeRedis over HTTP with a null redisSet", () => {
  let server: Server;
  let base = "";
  let body: unknown;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closePools();
    await new Promise((r) => server.close(r));
  });

  it("is a ResponseShapeError naming the field, not an empty list", async () => {
    const client = new CrsClient({
      settings: {
        credentials: { secretId: "AKIDunit", secretKey: "unit-key" },
        region: "ap-guangzhou",
        endpoints: endpointsFromBase(base),
      },
      deadlineMs: 5_000,
    });
    body = { code: 0, totalCount: 3, data: { redisSet: null } };
    await expect(describeRedis(client, { limit: 100, offset: 0 })).rejects.toMatchObject({
      name: "ResponseShapeError",
      path: "data.redisSet",
    });
    body = { code: 0, totalCount: 3, data: null };
    await expect(describeRedis(client, { limit: 100, offset: 0 })).rejects.toBeInstanceOf(ResponseShapeError);
  });
});
