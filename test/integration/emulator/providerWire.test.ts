import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrsClient, closePools, createRedis, describeRedis, describeRedisProduct } from "../../../provider/api";
import { endpointsFromBase } from "../../../provider/config";
import { control, PASSWORD, SECRET_ID, SECRET_KEY, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
let client: CrsClient;
beforeAll(async () => {
  t = await startTestEmulator();
  client = new CrsClient({
    settings: {
      credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
      region: "ap-guangzhou",
      endpoints: endpointsFromBase(t.emu.url),
    },
    retry: { maxAttempts: 1 },
  });
});
afterAll(async () => {
  await closePools();
  await t.stop();
});

type Call = { action: string; params: Record<string, string>; code: number | string };

describe("the provider's requests against the strict emulator (documented parameter names only)", () => {
  it("CreateRedis with a VPC goes out as unVpclId and is taken; the instance is in that VPC", async () => {
    await control(t.emu, "DELETE", "calls");
    const { dealId } = await createRedis(client, {
      zoneId: 100002,
      typeId: 2,
      memSize: 1024,
      goodsNum: 1,
      period: 1,
      password: PASSWORD,
      unVpcId: "vpc-kd7d06of",
      unSubnetId: "subnet-3lzksp0",
      projectId: 0,
    });
    expect(dealId).toMatch(/^\d+$/);
    const { calls } = (await control(t.emu, "GET", "calls")) as { calls: Call[] };
    const create = calls.find((c) => c.action === "CreateRedis");
    expect(create?.code).toBe(0);
    expect(create?.params).toMatchObject({ unVpclId: "vpc-kd7d06of", unSubnetId: "subnet-3lzksp0" });
    expect(create?.params).not.toHaveProperty("unVpcId");
    const st = (await control(t.emu, "GET", "state")) as { instances: { unVpcId: string; unSubnetId: string }[] };
    expect(st.instances.at(-1)).toMatchObject({ unVpcId: "vpc-kd7d06of", unSubnetId: "subnet-3lzksp0" });
  });

  it("the other reads the provider makes pass the parameter check", async () => {
    const page = await describeRedis(client, { limit: 10, offset: 0, orderBy: "createtime", orderType: 1 });
    expect(page.instances.length).toBeGreaterThan(0);
    const products = await describeRedisProduct(client, { zoneIds: [100002], typeId: 2 });
    expect(products.zones.map((z) => z.zoneId)).toEqual([100002]);
  });
});
