import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../../provider/api";
import { instanceProvider } from "../../../provider/redis/instance/instanceProvider";
import { countByAction, type EmulatorCall, type EmulatorFixture, startFixture } from "../../e2e/emulatorFixture";
import { outsideClient } from "../../e2e/outOfBand";
import { redisCommands } from "../../e2e/redisClient";

type Props = Record<string, unknown>;
const BASE = { zoneId: 100002, typeId: 2, memSize: 1024, period: 1 };

/** The fields of a PartialError (duck-typed: the class may move, its contract with the engine does not). */
interface Partial {
  name: string;
  message: string;
  id: string;
  properties: Props;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The Instance provider's create/update/read called directly (as the dynamic-provider host calls them) against the
 * emulator: real HTTP, real signatures, a real redis-server per instance. Each test asserts the emulator's call log,
 * so it fails if the path it names (resume, adopt, password fallback) is no longer taken.
 */
describe("instance provider methods against the emulator", () => {
  let fx: EmulatorFixture;
  let dir: string;
  let client: api.CrsClient;
  const saved = { ...process.env };

  beforeAll(async () => {
    fx = await startFixture({ dealDelayMs: 300, taskDelayMs: 200 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crs-methods-it-"));
    Object.assign(process.env, fx.env, { TENCENTCLOUD_REDIS_JOURNAL_DIR: dir });
    client = outsideClient(fx);
  });
  afterAll(async () => {
    process.env = saved;
    await api.closePools();
    await fx?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await fx.delays({ dealDelayMs: 300 });
    await fx.clearCalls();
  });

  const callsOf = async (...actions: string[]): Promise<EmulatorCall[]> =>
    (await fx.calls()).filter((c) => actions.includes(c.action)).sort((a, b) => a.seq - b.seq);

  /** Buys an instance outside the provider (the API client, as a console user would) and waits for delivery. */
  async function buyOutside(password: string): Promise<string> {
    const { dealId } = await api.createRedis(client, { ...BASE, goodsNum: 1, password });
    for (let i = 0; i < 200; i++) {
      const { dealDetails } = await api.describeRedisDealDetail(client, { dealIds: [dealId] });
      const deal = dealDetails.find((d) => d.dealId === dealId);
      const id = deal?.goodsDetail.redisIds[0];
      if (deal?.status === 4 && id) {
        const [r] = (await api.describeRedis(client, { redisId: id })).instances;
        if (r?.status === 2) return id;
      }
      await sleep(100);
    }
    throw new Error(`deal ${dealId} was not delivered`);
  }

  it("resume: a create cut short on its deal leaves pending-deal-<deal>; update finishes it without buying again", async () => {
    // Deals placed from now on take 4 s; the create waits at most 1 s.
    await fx.delays({ dealDelayMs: 4000 });
    const inputs: Props = {
      ...BASE,
      password: "Resume9Deal!pw",
      __purchaseKey: "proj/dev/resumed",
      waitTimeoutSeconds: 1,
    };
    const err = (await instanceProvider.create(inputs).then(
      () => {
        throw new Error("create should have stopped on its deal");
      },
      (e: unknown) => e,
    )) as Partial;
    expect(err.name).toBe("PartialError");
    const m = /^pending-deal-(.+)$/.exec(err.id);
    expect(m, `partial id ${err.id}`).not.toBeNull();
    const dealId = m?.[1] ?? "";
    expect(err.properties.__dealId).toBe(dealId);
    expect(err.properties.password).toBe("Resume9Deal!pw");
    const [created] = await callsOf("CreateRedis");
    expect(created?.code).toBe(0);
    expect(countByAction(await fx.calls()).CreateRedis).toBe(1);

    // The next `pulumi up`: update with the partial state as olds, the program's inputs as news.
    const news: Props = { ...inputs, waitTimeoutSeconds: 60 };
    const up = await instanceProvider.update!(err.id, err.properties, news);

    const { dealDetails } = await api.describeRedisDealDetail(client, { dealIds: [dealId] });
    const delivered = dealDetails[0]?.goodsDetail.redisIds[0];
    expect(delivered).toMatch(/^crs-/);
    expect(up.outs?.instanceId).toBe(delivered);
    expect(up.outs?.status).toBe(2);
    expect(typeof up.outs?.port).toBe("number");
    // The deal was waited for after the partial create, and nothing was bought again.
    const all = await fx.calls();
    expect(countByAction(all).CreateRedis).toBe(1);
    expect(all.some((c) => c.action === "DescribeRedisDealDetail" && c.seq > (created?.seq ?? 0))).toBe(true);
    // The interrupted create's settings were applied by the update: the resource's default name.
    const renames = await callsOf("ModifyRedisName");
    expect(renames.map((c) => c.params)).toEqual([
      expect.objectContaining({ redisId: delivered, redisName: "resumed" }),
    ]);

    // A refresh (read) replaces the pending id with the instance's.
    const refreshed = await instanceProvider.read!(err.id, up.outs ?? {});
    expect(refreshed.id).toBe(delivered);
    expect(refreshed.props?.__dealId).toBeUndefined();
    expect(countByAction(await fx.calls()).CreateRedis).toBe(1);
  });

  it("adopt: create with adoptInstanceId buys nothing, applies the declared name and returns that id", async () => {
    const id = await buyOutside("Adopt9This!pw");
    await fx.clearCalls();

    const res = await instanceProvider.create({
      ...BASE,
      password: "Adopt9This!pw",
      name: "adopted-one",
      adoptInstanceId: id,
      __purchaseKey: "proj/dev/adopter",
    });
    expect(res.id).toBe(id);
    expect(res.outs).toMatchObject({ instanceId: id, name: "adopted-one", status: 2 });
    const calls = await fx.calls();
    const counts = countByAction(calls);
    expect(counts.CreateRedis ?? 0).toBe(0);
    expect(counts.RenewRedis ?? 0).toBe(0);
    expect((await callsOf("ModifyRedisName")).map((c) => c.params)).toEqual([
      expect.objectContaining({ redisId: id, redisName: "adopted-one" }),
    ]);
    const [after] = (await api.describeRedis(client, { redisId: id })).instances;
    expect(after?.redisName).toBe("adopted-one");
  });

  it("adopt: an unknown adoptInstanceId is refused with a message naming it, and nothing is bought", async () => {
    const unknown = "crs-nosuch42";
    await expect(
      instanceProvider.create({
        ...BASE,
        password: "Adopt9This!pw",
        adoptInstanceId: unknown,
        __purchaseKey: "proj/dev/adopt-unknown",
      }),
    ).rejects.toThrow(unknown);
    const counts = countByAction(await fx.calls());
    expect(counts.CreateRedis ?? 0).toBe(0);
    expect(counts.ModifyRedisName ?? 0).toBe(0);
    expect(counts.DescribeRedis ?? 0).toBeGreaterThan(0);
  });

  it("password: changed out of band, an update falls back from ModfiyRedisPassword (10502) to ResetRedisPassword", async () => {
    const P1 = "First9Pass!pw";
    const P2 = "Outside9Pass!pw";
    const P3 = "Declared9Pass!pw";
    const inputs: Props = { ...BASE, password: P1, __purchaseKey: "proj/dev/pw-fallback" };
    const res = await instanceProvider.create(inputs);
    const id = res.id;
    const port = Number(res.outs?.port);
    const host = String(res.outs?.host ?? "127.0.0.1");
    const auth = async (pw: string) => (await redisCommands(port, host, [["AUTH", pw]]))[0];
    expect(await auth(P1)).toBe("OK");

    // A colleague changes the password in the console.
    await api.modfiyRedisPassword(client, { redisId: id, oldPassword: P1, password: P2 });
    for (let i = 0; i < 200 && (await auth(P2)) !== "OK"; i++) await sleep(50);
    expect(await auth(P2)).toBe("OK");
    // The state's password is now wrong: the service refuses it with module error 10502.
    const refusal = await api.modfiyRedisPassword(client, { redisId: id, oldPassword: P1, password: P3 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(api.ServiceError);
    expect((refusal as api.ServiceError).moduleCode).toBe(10502);
    await fx.clearCalls();

    const up = await instanceProvider.update!(id, res.outs ?? {}, { ...inputs, password: P3 });
    expect(up.outs?.password).toBe(P3);
    // The provider's own calls: the change refused (the emulator carries 10502 under common code 5100), then the reset.
    const pw = await callsOf("ModfiyRedisPassword", "ResetRedisPassword");
    expect(pw.map((c) => [c.action, c.code, c.params.redisId])).toEqual([
      ["ModfiyRedisPassword", 5100, id],
      ["ResetRedisPassword", 0, id],
    ]);
    // The declared password works against the instance's real redis-server; the outside one no longer does.
    expect(await auth(P3)).toBe("OK");
    expect(await auth(P2)).not.toBe("OK");
  });
});
