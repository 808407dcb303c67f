import { describe, expect, it } from "vitest";
import { describeRedisSchema } from "../../../provider/api/crs-instance";

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
