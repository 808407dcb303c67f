import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call3, call2017, control, PASSWORD, startTestEmulator, type TestEmulator, waitFor } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.stop();
});

type Call = { action: string; code: number | string; httpStatus: number; api: string };
async function calls(): Promise<Call[]> {
  return ((await control(t.emu, "GET", "calls")) as { calls: Call[] }).calls;
}

const createParams = { zoneId: 100002, typeId: 2, memSize: 1024, goodsNum: 1, period: 1, password: PASSWORD };

describe("fault injection", () => {
  it("http500, code6000, throttle4400 and locked10707 answer as injected, once", async () => {
    await control(t.emu, "POST", "faults", { action: "DescribeRedisZones", kind: "http500", times: 1 });
    const qsRes = await fetch(`${t.emu.url}/_emulator/calls`);
    expect(qsRes.status).toBe(200);
    await control(t.emu, "DELETE", "calls");
    const r500 = await call2017(t.emu, "DescribeRedisZones").catch((e: unknown) => e);
    expect(r500).toBeInstanceOf(Error); // body is not JSON
    expect((await call2017(t.emu, "DescribeRedisZones")).code).toBe("0");
    expect((await calls())[0]).toMatchObject({ action: "DescribeRedisZones", httpStatus: 500 });

    await control(t.emu, "POST", "faults", { action: "*", kind: "code6000", times: 2 });
    expect((await call2017(t.emu, "DescribeRedisZones")).code).toBe(6000);
    expect((await call2017(t.emu, "DescribeRedis", { limit: 1, offset: 0 })).code).toBe(6000);
    expect((await call2017(t.emu, "DescribeRedisZones")).code).toBe("0");

    await control(t.emu, "POST", "faults", { action: "DescribeRedisZones", kind: "throttle4400" });
    expect((await call2017(t.emu, "DescribeRedisZones")).code).toBe(4400);
    await control(t.emu, "POST", "faults", { action: "ClearRedis", kind: "locked10707" });
    expect((await call2017(t.emu, "ClearRedis", { redisId: "crs-x", password: PASSWORD })).message).toMatch(
      /^\(10707\) /,
    );
    await control(t.emu, "POST", "faults", { action: "DescribeInstanceBackups", kind: "throttle4400" });
    const r3 = await call3(t.emu, "redis", "DescribeInstanceBackups", { InstanceId: "crs-x" });
    expect((r3.Error as { Code: string }).Code).toBe("RequestLimitExceeded");
  });

  it("reset drops the connection without performing; dropAfterCommit performs then drops", async () => {
    await control(t.emu, "DELETE", "calls");
    const before = ((await control(t.emu, "GET", "state")) as { instances: unknown[] }).instances.length;
    await control(t.emu, "POST", "faults", { action: "CreateRedis", kind: "reset" });
    await expect(call2017(t.emu, "CreateRedis", createParams)).rejects.toThrow();
    expect(((await control(t.emu, "GET", "state")) as { instances: unknown[] }).instances.length).toBe(before);
    await control(t.emu, "POST", "faults", { action: "CreateRedis", kind: "dropAfterCommit" });
    await expect(call2017(t.emu, "CreateRedis", createParams)).rejects.toThrow();
    const state = (await control(t.emu, "GET", "state")) as { instances: Record<string, unknown>[]; deals: unknown[] };
    expect(state.instances.length).toBe(before + 1);
    expect(JSON.stringify(state)).not.toContain(PASSWORD);
    const log = await calls();
    expect(log.map((c) => [c.action, c.httpStatus])).toEqual([
      ["CreateRedis", 0],
      ["CreateRedis", 0],
    ]);
    expect(log[0]?.code).toBe(-1);
    expect(log[1]?.code).toBe(0);
  });

  it("code6000AfterCommit commits the action, then answers 6000 (2017) or InternalError (API 3.0)", async () => {
    await control(t.emu, "POST", "reset");
    await control(t.emu, "POST", "faults", { action: "CreateRedis", kind: "code6000AfterCommit" });
    const r = await call2017(t.emu, "CreateRedis", createParams);
    expect(r).toMatchObject({ code: 6000, codeDesc: "InternalError" });
    expect(r.message).toMatch(/6000|server error/);
    expect(r.data).toBeUndefined(); // no dealId: the answer is the error alone
    const state = (await control(t.emu, "GET", "state")) as {
      instances: { redisId: string }[];
      deals: { kind: string; redisIds: string[] }[];
    };
    expect(state.deals).toHaveLength(1);
    expect(state.deals[0]?.kind).toBe("create");
    expect(state.instances.map((i) => i.redisId)).toEqual(state.deals[0]?.redisIds);
    const log = await calls();
    expect(log.at(-1)).toMatchObject({ action: "CreateRedis", code: 6000, httpStatus: 200 });
    // The next call is answered normally.
    expect(String((await call2017(t.emu, "DescribeRedisZones")).code)).toBe("0");

    await control(t.emu, "POST", "faults", { action: "CreateBackup", kind: "code6000AfterCommit" });
    const flowsBefore = ((await control(t.emu, "GET", "state")) as { flows: unknown[] }).flows.length;
    const r3 = await call3(t.emu, "sqlserver", "CreateBackup", { InstanceId: "mssql-test1", Strategy: 0 });
    expect((r3.Error as { Code: string }).Code).toBe("InternalError");
    expect(r3.FlowId).toBeUndefined();
    expect(typeof r3.RequestId).toBe("string");
    expect(((await control(t.emu, "GET", "state")) as { flows: unknown[] }).flows.length).toBe(flowsBefore + 1);
    expect((await calls()).at(-1)).toMatchObject({ action: "CreateBackup", code: "InternalError" });
  });

  it("latency delays the answer; DELETE /faults clears pending faults", async () => {
    const { id } = (await control(t.emu, "POST", "faults", {
      action: "DescribeRedisZones",
      kind: "latency",
      latencyMs: 300,
    })) as {
      id: string;
    };
    expect(typeof id).toBe("string");
    const start = Date.now();
    expect((await call2017(t.emu, "DescribeRedisZones")).code).toBe("0");
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
    await control(t.emu, "POST", "faults", { action: "*", kind: "code6000", times: 5 });
    await control(t.emu, "DELETE", "faults");
    expect((await call2017(t.emu, "DescribeRedisZones")).code).toBe("0");
  });

  it("POST /reset wipes all state", async () => {
    await control(t.emu, "POST", "reset");
    const state = (await control(t.emu, "GET", "state")) as {
      instances: unknown[];
      deals: unknown[];
      tasks: unknown[];
      backups: unknown[];
    };
    expect(state).toMatchObject({ instances: [], deals: [], tasks: [], backups: [] });
    expect((await calls()).length).toBe(0);
  });
});

describe("delays at runtime", () => {
  it("POST /delays changes the delays of orders and tasks created from then on; GET /delays returns them", async () => {
    await control(t.emu, "POST", "reset");
    expect(await control(t.emu, "GET", "delays")).toEqual({ dealDelayMs: 400, taskDelayMs: 200 });
    const old = await call2017(t.emu, "CreateRedis", createParams);
    expect(String(old.code)).toBe("0");
    expect(await control(t.emu, "POST", "delays", { dealDelayMs: 60_000 })).toEqual({
      dealDelayMs: 60_000,
      taskDelayMs: 200,
    });
    expect(await control(t.emu, "GET", "delays")).toEqual({ dealDelayMs: 60_000, taskDelayMs: 200 });
    const slow = await call2017(t.emu, "CreateRedis", createParams);
    expect(String(slow.code)).toBe("0");
    const oldId = (old.data as { dealId: string }).dealId;
    const slowId = (slow.data as { dealId: string }).dealId;
    type Deal = { dealId: string; createTime: number; completeAt: number; status: number };
    const deals = async () => ((await control(t.emu, "GET", "state")) as { deals: Deal[] }).deals;
    const byId = (ds: Deal[], id: string) => ds.find((d) => d.dealId === id) as Deal;
    let ds = await deals();
    expect(byId(ds, oldId).completeAt - byId(ds, oldId).createTime).toBe(400);
    expect(byId(ds, slowId).completeAt - byId(ds, slowId).createTime).toBe(60_000);
    // The old order is delivered on its own delay; the slow one is still paid (2) long after 400 ms.
    await waitFor(async () => (byId(await deals(), oldId).status === 4 ? true : undefined));
    ds = await deals();
    expect(byId(ds, slowId).status).toBe(2);
    // taskDelayMs alone leaves dealDelayMs as it is; a bad value is refused.
    expect(await control(t.emu, "POST", "delays", { taskDelayMs: 5 })).toEqual({ dealDelayMs: 60_000, taskDelayMs: 5 });
    const bad = await fetch(`${t.emu.url}/_emulator/delays`, {
      method: "POST",
      body: JSON.stringify({ dealDelayMs: -1 }),
    });
    expect(bad.status).toBe(400);
    // POST /reset goes back to the delays the emulator was started with.
    await control(t.emu, "POST", "reset");
    expect(await control(t.emu, "GET", "delays")).toEqual({ dealDelayMs: 400, taskDelayMs: 200 });
  });
});

describe("fired-fault report", () => {
  type Report = {
    pending: { id: string; action: string; kind: string; times: number }[];
    fired: { id: string; action: string; kind: string; time: number; seq: number }[];
  };
  const report = async () => (await control(t.emu, "GET", "faults")) as unknown as Report;

  it("GET /faults lists pending faults and the ones that fired, with the action they fired on", async () => {
    await control(t.emu, "POST", "reset");
    expect(await report()).toEqual({ pending: [], fired: [] });
    const a = (await control(t.emu, "POST", "faults", { action: "DescribeRedisZones", kind: "code6000", times: 2 }))
      .id as string;
    const b = (await control(t.emu, "POST", "faults", { action: "*", kind: "throttle4400" })).id as string;
    const c = (await control(t.emu, "POST", "faults", { action: "CreateRedis", kind: "http500" })).id as string;
    expect((await report()).pending.map((f) => [f.id, f.times])).toEqual([
      [a, 2],
      [b, 1],
      [c, 1],
    ]);
    expect((await call2017(t.emu, "DescribeRedisZones")).code).toBe(6000);
    expect((await call2017(t.emu, "DescribeRedis", { limit: 1, offset: 0 })).code).toBe(4400);
    let r = await report();
    expect(r.pending.map((f) => [f.id, f.times])).toEqual([
      [a, 1],
      [c, 1],
    ]);
    expect(r.fired.map((f) => [f.id, f.action, f.kind])).toEqual([
      [a, "DescribeRedisZones", "code6000"],
      [b, "DescribeRedis", "throttle4400"],
    ]);
    expect(r.fired[0]?.seq).toBeLessThan(r.fired[1]?.seq as number);
    expect(typeof r.fired[0]?.time).toBe("number");
    // The fired entry's seq is the call's seq in /_emulator/calls.
    const log = await calls();
    expect((log as unknown as { seq: number; action: string }[]).find((x) => x.seq === r.fired[1]?.seq)?.action).toBe(
      "DescribeRedis",
    );

    // DELETE clears pending faults only; what fired stays until DELETE ?fired=1 or POST /reset.
    await control(t.emu, "DELETE", "faults");
    r = await report();
    expect(r.pending).toEqual([]);
    expect(r.fired.map((f) => f.id)).toEqual([a, b]);
    await control(t.emu, "DELETE", "faults?fired=1");
    expect(await report()).toEqual({ pending: [], fired: [] });
    await control(t.emu, "POST", "faults", { action: "DescribeRedisZones", kind: "code6000" });
    await call2017(t.emu, "DescribeRedisZones");
    expect((await report()).fired.length).toBe(1);
    await control(t.emu, "POST", "reset");
    expect(await report()).toEqual({ pending: [], fired: [] });
  });
});
