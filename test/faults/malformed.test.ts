import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../provider/api";
import { resolveSettings } from "../../provider/config";
import { CrsError } from "../../provider/errors";
import { expectClean, type FaultStack, FaultWorld, SCENARIO_TIMEOUT_MS } from "./harness";

const MALFORMED = ["html", "empty", "truncated", "wrongTypes", "missingField"] as const;

/**
 * Malformed answers: mutations of the documented ones (a gateway's HTML page, an empty body, JSON cut short, fields
 * of the wrong type, the payload missing). At the client every one must end in a typed error naming the action,
 * never a crash; through the CLI the resource is not written with a wrong state and the next `up` converges.
 */
describe("fault suite: malformed answers", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  const world = new FaultWorld("malformed");
  let client: api.CrsClient;
  let redisId = "";

  beforeAll(async () => {
    await world.start({ dealDelayMs: 500 });
    client = new api.CrsClient({
      settings: resolveSettings({}, world.fx.env),
      retry: { maxAttempts: 2, baseMs: 10, throttleBaseMs: 10 },
    });
    // One instance the read actions can answer about.
    await api.createRedis(client, {
      zoneId: 100002,
      typeId: 2,
      memSize: 1024,
      goodsNum: 1,
      period: 1,
      password: "Malformed1!pw",
    });
    await world.fx.control("/_emulator/clock", "POST", { advanceMs: 60_000 });
    redisId = String((await api.describeRedis(client, { limit: 10, offset: 0 })).instances[0]?.redisId ?? "");
    if (!redisId) throw new Error("the instance bought in beforeAll is not listed");
  });
  afterAll(async () => {
    await world.stop();
  });

  const calls: [string, () => Promise<unknown>][] = [
    ["DescribeRedis", () => api.describeRedis(client, { limit: 10, offset: 0 })],
    [
      "CreateRedis",
      () =>
        api.createRedis(client, {
          zoneId: 100002,
          typeId: 2,
          memSize: 1024,
          goodsNum: 1,
          period: 1,
          password: "Malformed2!pw",
        }),
    ],
    ["DescribeInstanceBackups", () => api.describeInstanceBackups(client, { instanceId: redisId })],
  ];

  for (const kind of MALFORMED) {
    it.each(calls)(`${kind} answer to %s: a typed error naming the action`, async (action, call) => {
      await world.fault({ action, kind, times: 10 });
      try {
        const err = await call().then(
          (v) => new Error(`resolved with ${JSON.stringify(v)}`),
          (e: unknown) => e,
        );
        expect(err, String(err)).toBeInstanceOf(CrsError);
        const e = err as CrsError;
        expect(e.action).toBe(action);
        expect(e.message).toContain(action);
        // A purchase whose answer is unreadable may have happened: never reported as a plain failure.
        if (action === "CreateRedis") expect(e.name).toBe("AmbiguousPurchaseError");
        else expect(e.name).toBe("ResponseShapeError");
        expect(e.message).not.toContain("Malformed2!pw");
      } finally {
        await world.clearFaults();
      }
    });
  }

  it("latency beyond the client timeout (TENCENTCLOUD_REDIS_HTTP_TIMEOUT_MS): a transport error naming the action", async () => {
    const saved = process.env[api.HTTP_TIMEOUT_ENV];
    process.env[api.HTTP_TIMEOUT_ENV] = "300";
    try {
      const once = new api.CrsClient({ settings: resolveSettings({}, world.fx.env), retry: { maxAttempts: 1 } });
      await world.fault({ action: "DescribeRedis", kind: "latency", latencyMs: 1200 });
      const err = await api.describeRedis(once, { limit: 10, offset: 0 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(api.TransportError);
      expect((err as api.TransportError).message).toMatch(
        /^DescribeRedis: transport failure \(UND_ERR_HEADERS_TIMEOUT\)/,
      );
      // With retries (the default policy) the same fault passes: the second attempt is answered in time.
      await world.fault({ action: "DescribeRedis", kind: "latency", latencyMs: 1200 });
      const page = await api.describeRedis(client, { limit: 10, offset: 0 });
      expect(page.instances.map((i) => i.redisId)).toContain(redisId);
    } finally {
      if (saved === undefined) delete process.env[api.HTTP_TIMEOUT_ENV];
      else process.env[api.HTTP_TIMEOUT_ENV] = saved;
      await world.clearFaults();
    }
  });

  describe("through the CLI", () => {
    let s: FaultStack;

    it("create × truncated CreateRedis answer (after commit): adopted, bought once", async () => {
      // The client-level table above and beforeAll bought instances outside any stack: they count as released.
      const st = await world.emuState();
      s = world.stack("mal", { name: "mal-0" }, { redisPassword: "Malformed3!pw" });
      const r = await world.scenario({
        name: "create-truncated",
        operation: "create",
        fault: "truncated answer",
        stack: s,
        buys: { create: st.deals.filter((d) => d.kind === "create").length + 1 },
        expectOutputs: { name: "mal-0", status: 2 },
        run: async () => {
          for (const i of st.instances) world.release(i.redisId);
          // Those instances are unnamed and of this shape: the fresh-runner fail-safe would ask whether an earlier
          // run bought them. They are not this stack's, so the program says so, as a user would.
          const ignore = JSON.stringify(st.instances.map((i) => i.redisId));
          return world.faultedUp(s, { ignoreInstanceIds: ignore }, { action: "CreateRedis", kind: "truncated" });
        },
      });
      expectClean(r);
      await world.writeData(s, "kept", "through malformed answers");
    });

    it("refresh × wrongTypes DescribeRedis: refused naming the action, state untouched", async () => {
      let errText = "";
      const r = await world.scenario({
        name: "refresh-wrongTypes",
        operation: "refresh",
        fault: "wrongTypes answer",
        stack: s,
        run: async () => {
          await world.fault({ action: "DescribeRedis", kind: "wrongTypes", times: 20 });
          const ref = await s.run("refresh", { verbose: true });
          errText = ref.stdout + ref.stderr;
          return ref.code === 0 ? "succeeded" : "failed";
        },
      });
      expect(r.faultedRun).toBe("failed");
      expect(errText).toMatch(/DescribeRedis: unexpected response at/);
      expectClean(r);
    });

    it("rename × html page: refused naming the action; the next up renames", async () => {
      let errText = "";
      const r = await world.scenario({
        name: "rename-html",
        operation: "rename",
        fault: "html page",
        stack: s,
        expectOutputs: { name: "mal-1" },
        run: async () => {
          s.config.name = "mal-1";
          await world.fault({ action: "ModifyRedisName", kind: "html", times: 20 });
          const up = await s.run("up", { verbose: true });
          errText = up.stdout + up.stderr;
          return up.code === 0 ? "succeeded" : "failed";
        },
      });
      expect(r.faultedRun).toBe("failed");
      expect(errText).toMatch(/ModifyRedisName: unexpected response at "\$" \(HTTP 200\): not JSON/);
      expectClean(r);
    });
  });
});
