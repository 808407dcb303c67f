import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AmbiguousPurchaseError,
  CrsClient,
  type CrsClientOptions,
  closePools,
  createBackup,
  createRedis,
  describeFlowStatus,
  describeInstanceBackups,
  describeRedis,
  describeRedisDealDetail,
  modfiyRedisPassword,
  ResponseShapeError,
  ServiceError,
  TransportError,
} from "../../../provider/api";
import { endpointsFromBase, type Settings } from "../../../provider/config";

const SECRET_KEY = "test-secret-key-XYZ";
const PASSWORD = "Pa55word!x";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  params: Record<string, string>;
}
type Handler = (seen: Seen, res: ServerResponse, n: number) => void;

let server: Server;
let base: string;
let seen: Seen[] = [];
let handler: Handler = (_s, res) => res.end("{}");

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const raw =
        req.method === "GET"
          ? url.searchParams
          : new URLSearchParams(req.headers["content-type"]?.includes("json") ? "" : body);
      const s: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        params: Object.fromEntries(raw),
      };
      seen.push(s);
      handler(s, res, seen.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  seen = [];
});
afterAll(async () => {
  await closePools();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function settings(b = base): Settings {
  return {
    credentials: { secretId: "AKIDtest", secretKey: SECRET_KEY },
    region: "ap-guangzhou",
    endpoints: endpointsFromBase(b),
  };
}
function client(extra: Partial<CrsClientOptions> = {}, lines?: string[]): CrsClient {
  return new CrsClient({
    settings: settings(),
    retry: { baseMs: 5, capMs: 20, throttleBaseMs: 10, maxAttempts: 4 },
    deadlineMs: 10_000,
    ...(lines ? { log: (l) => lines.push(l) } : {}),
    ...extra,
  });
}
const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};

/** Independent check of a received 2017 request's signature. */
function verify2017(s: Seen, host: string): boolean {
  const { Signature, ...rest } = s.params;
  const names = Object.keys(rest).sort();
  const canonical = `${s.method}${host}/v2/index.php?${names.map((k) => `${k.replace(/_/g, ".")}=${rest[k]}`).join("&")}`;
  const hash = rest.SignatureMethod === "HmacSHA256" ? "sha256" : "sha1";
  return createHmac(hash, SECRET_KEY).update(canonical).digest("base64") === Signature;
}

const okList = { code: 0, totalCount: 0, data: { redisSet: [] } };

describe("2017 API over HTTP", () => {
  it.each(["POST", "GET"] as const)("%s: sends a verifiable signature and flattened params", async (method) => {
    handler = (_s, res) => json(res, 200, { code: 0, dealDetails: [{ dealId: "1", status: "4" }] });
    const r = await describeRedisDealDetail(
      client({ method, algorithm: method === "GET" ? "HmacSHA1" : "HmacSHA256" }),
      {
        dealIds: ["1", "2 3&x"],
      },
    );
    expect(r.dealDetails[0]).toMatchObject({ dealId: "1", status: 4 });
    const s = seen[0]!;
    expect(s.method).toBe(method);
    expect(s.params).toMatchObject({
      Action: "DescribeRedisDealDetail",
      "dealIds.0": "1",
      "dealIds.1": "2 3&x",
      Region: "ap-guangzhou",
    });
    expect(verify2017(s, new URL(base).host)).toBe(true);
  });

  it("a retry carries a fresh Nonce and signature", async () => {
    handler = (_s, res, n) =>
      n === 1 ? json(res, 200, { code: 6000, message: "server busy" }) : json(res, 200, okList);
    await describeRedis(client(), {});
    expect(seen).toHaveLength(2);
    expect(seen[1]!.params.Nonce).not.toBe(seen[0]!.params.Nonce);
    expect(seen[1]!.params.Signature).not.toBe(seen[0]!.params.Signature);
    expect(seen.every((s) => verify2017(s, new URL(base).host))).toBe(true);
  });

  it("retries an HTTP 502 page and a dropped connection", async () => {
    handler = (_s, res, n) => {
      if (n === 1) res.writeHead(502, { "content-type": "text/html" }).end("<html>bad gateway</html>");
      else if (n === 2) res.socket?.destroy();
      else json(res, 200, okList);
    };
    await describeRedis(client(), {});
    expect(seen).toHaveLength(3);
  });

  it("retries 10707 (locked) and stops on a definitive error, parsing the module code", async () => {
    handler = (_s, res, n) =>
      n === 1
        ? json(res, 200, { code: 5100, message: "(10707) instance locked", codeDesc: "InstanceLockedError" })
        : json(res, 200, {
            code: 5100,
            message: `(10502) old password ${PASSWORD} is wrong`,
            codeDesc: "OldPasswordError",
          });
    const lines: string[] = [];
    const err = await modfiyRedisPassword(client({}, lines), {
      redisId: "crs-1",
      oldPassword: PASSWORD,
      password: "N3wPass!word",
    }).catch((e: unknown) => e);
    expect(seen).toHaveLength(2);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({
      action: "ModfiyRedisPassword",
      code: 5100,
      moduleCode: 10502,
      codeDesc: "OldPasswordError",
      retryable: false,
    });
    const text = `${(err as Error).message} ${(err as ServiceError).serviceMessage} ${lines.join("\n")}`;
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain("N3wPass!word");
    expect(text).not.toContain(SECRET_KEY);
  });

  it("reads a module code sent in `code` itself", async () => {
    handler = (_s, res) => json(res, 200, { code: 11059, message: "DealIdNotFound" });
    await expect(describeRedisDealDetail(client(), { dealIds: ["x"] })).rejects.toMatchObject({
      code: 11059,
      moduleCode: 11059,
    });
  });

  it("HTML with status 200 → ResponseShapeError naming the action", async () => {
    handler = (_s, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><body>login</body></html>");
    const err = await describeRedis(client(), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseShapeError);
    expect(err).toMatchObject({ action: "DescribeRedis", path: "$" });
    expect((err as Error).message).toContain("DescribeRedis");
    expect(seen).toHaveLength(1);
  });

  it("truncated JSON → ResponseShapeError naming the action", async () => {
    handler = (_s, res) => json(res, 200, '{"code":0,"totalCount":1,"data":{"redisSet":[{"redisId":"crs');
    await expect(describeRedis(client(), {})).rejects.toMatchObject({
      name: "ResponseShapeError",
      action: "DescribeRedis",
    });
  });

  it("a wrong field names its path", async () => {
    handler = (_s, res) =>
      json(res, 200, { code: 0, totalCount: 1, data: { redisSet: [{ redisId: "crs-1", status: "running" }] } });
    await expect(describeRedis(client(), {})).rejects.toMatchObject({ path: "data.redisSet.0.status" });
  });
});

describe("purchases are never sent twice", () => {
  const buy = { zoneId: 100002, typeId: 2, memSize: 1024, goodsNum: 1, period: 1, password: PASSWORD };

  it("a dropped answer → AmbiguousPurchaseError, one request", async () => {
    handler = (_s, res) => res.socket?.destroy();
    const err = await createRedis(client(), buy).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmbiguousPurchaseError);
    expect((err as AmbiguousPurchaseError).cause).toBeInstanceOf(TransportError);
    expect(seen).toHaveLength(1);
    expect((err as Error).message).not.toContain(PASSWORD);
  });

  it("an answer that times out → AmbiguousPurchaseError, one request", async () => {
    handler = () => undefined; // never answers
    const err = await createRedis(client({ timeouts: { headersMs: 200 } }), buy).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmbiguousPurchaseError);
    expect(seen).toHaveLength(1);
  });

  it("a garbled 5xx answer → AmbiguousPurchaseError, one request", async () => {
    handler = (_s, res) => res.writeHead(502).end("<html>");
    await expect(createRedis(client(), buy)).rejects.toBeInstanceOf(AmbiguousPurchaseError);
    expect(seen).toHaveLength(1);
  });

  it("a definite refusal (4000) is thrown as such, not retried", async () => {
    handler = (_s, res) => json(res, 200, { code: 4000, message: "(10101) bad zone", codeDesc: "InvalidParameter" });
    await expect(createRedis(client(), buy)).rejects.toBeInstanceOf(ServiceError);
    expect(seen).toHaveLength(1);
  });

  it.each([6000, 6200])(
    "code %i on a purchase may come after the order was committed: ambiguous, one request",
    async (code) => {
      handler = (_s, res) => json(res, 200, { code, message: "server error" });
      const err = await createRedis(client(), buy).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmbiguousPurchaseError);
      expect((err as AmbiguousPurchaseError).cause).toBeInstanceOf(ServiceError);
      expect(seen).toHaveLength(1);
    },
  );

  it("a throttled (4400) or locked (10707) purchase was refused before anything was bought: it is tried again", async () => {
    const answers = [
      { code: 4400, message: "request quota exceeded", codeDesc: "RequestLimitExceeded" },
      { code: 4000, message: "(10707) the instance is locked", codeDesc: "InvalidParameter" },
      { code: "0", data: { dealId: 9001 } },
    ];
    handler = (_s, res) => json(res, 200, answers.shift());
    await expect(createRedis(client(), buy)).resolves.toEqual({ dealId: "9001" });
    expect(seen).toHaveLength(3);
  });

  it("connection refused proves nothing was sent: a TransportError, not ambiguous", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const c = new CrsClient({
      settings: settings(`http://127.0.0.1:${port}`),
      retry: { baseMs: 1, capMs: 2, maxAttempts: 3 },
    });
    const err = await createRedis(c, buy).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ notSent: true, code: "ECONNREFUSED" });
  });

  it("CreateRedis puts the VPC on the wire as the document spells it: unVpclId (and vpclId), never unVpcId", async () => {
    handler = (_s, res) => json(res, 200, { code: "0", data: { dealId: 7 } });
    await createRedis(client(), { ...buy, unVpcId: "vpc-kd7d06of", unSubnetId: "subnet-3lzksp0", vpcId: 12 });
    const p = seen[0]!.params;
    expect(p).toMatchObject({ unVpclId: "vpc-kd7d06of", unSubnetId: "subnet-3lzksp0", vpclId: "12" });
    expect(p).not.toHaveProperty("unVpcId");
    expect(p).not.toHaveProperty("vpcId");
    expect(verify2017(seen[0]!, new URL(base).host)).toBe(true);
  });

  it("a successful purchase returns the dealId", async () => {
    handler = (_s, res) => json(res, 200, { code: "0", data: { dealId: 432583 } });
    await expect(createRedis(client(), buy)).resolves.toEqual({ dealId: "432583" });
  });
});

describe("throttling slows the whole process down", () => {
  it("after 4400 answers to a burst of 10, the retries wait for the cut rate (0.7 × 10 per second)", async () => {
    const arrivals: number[] = [];
    handler = (_s, res, n) => {
      arrivals.push(performance.now());
      if (n <= 10 && n % 2 === 0) json(res, 200, { code: 4400, message: "too fast", codeDesc: "RequestLimitExceeded" });
      else json(res, 200, okList);
    };
    const lines: string[] = [];
    // Its own SecretId: a limiter of its own, untouched by the other tests of this file.
    const own = { ...settings(), credentials: { secretId: "AKIDthrottle", secretKey: SECRET_KEY } };
    const c = client({ settings: own }, lines);
    await Promise.all(Array.from({ length: 10 }, () => describeRedis(c, {})));
    expect(arrivals).toHaveLength(15);
    // Without the cut, the 5 retries would go at once (10 of 20 places taken); with it, the 10 of the burst hold
    // their places until a second after their answers, and at most 7 per second go.
    const burstEnd = arrivals[9]!;
    for (const t of arrivals.slice(10)) expect(t - burstEnd).toBeGreaterThan(900);
    const throttled = lines.filter((l) => l.includes("DescribeRedis throttled: now at most"));
    expect(throttled).toHaveLength(5);
    expect(throttled[0]).toContain("at most 7.00 requests/s");
  });
});

describe("API 3.0 over HTTP", () => {
  function verifyTc3(s: Seen, service: string): boolean {
    const sha = (x: string) => createHash("sha256").update(x).digest("hex");
    const ts = Number(s.headers["x-tc-timestamp"]);
    const date = new Date(ts * 1000).toISOString().slice(0, 10);
    const creq = `POST\n/\n\ncontent-type:${s.headers["content-type"]}\nhost:${s.headers.host}\n\ncontent-type;host\n${sha(s.body)}`;
    const toSign = `TC3-HMAC-SHA256\n${ts}\n${date}/${service}/tc3_request\n${sha(creq)}`;
    const h = (k: string | Buffer, m: string) => createHmac("sha256", k).update(m).digest();
    const sig = createHmac("sha256", h(h(h(`TC3${SECRET_KEY}`, date), service), "tc3_request"))
      .update(toSign)
      .digest("hex");
    return (
      s.headers.authorization ===
      `TC3-HMAC-SHA256 Credential=AKIDtest/${date}/${service}/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`
    );
  }

  it("DescribeInstanceBackups: signed for redis, version 2018-04-12", async () => {
    handler = (_s, res) =>
      json(res, 200, { Response: { RequestId: "r1", TotalCount: 1, BackupSet: [{ BackupId: "b1", Status: "2" }] } });
    const r = await describeInstanceBackups(client(), { instanceId: "crs-1", limit: 5 });
    expect(r).toEqual({ totalCount: 1, requestId: "r1", backups: [{ backupId: "b1", status: 2 }] });
    const s = seen[0]!;
    expect(s.headers).toMatchObject({
      "x-tc-action": "DescribeInstanceBackups",
      "x-tc-version": "2018-04-12",
      "x-tc-region": "ap-guangzhou",
    });
    expect(JSON.parse(s.body)).toEqual({ InstanceId: "crs-1", Limit: 5 });
    expect(verifyTc3(s, "redis")).toBe(true);
  });

  it("CreateBackup and DescribeFlowStatus: sqlserver, 2018-03-28", async () => {
    handler = (s, res) =>
      json(res, 200, {
        Response:
          s.headers["x-tc-action"] === "CreateBackup"
            ? { RequestId: "a", FlowId: 5293 }
            : { RequestId: "b", Status: 2 },
      });
    const c = client();
    expect(await createBackup(c, { instanceId: "mssql-1", strategy: 1, dbNames: ["db1", "db2"] })).toEqual({
      flowId: 5293,
      requestId: "a",
    });
    expect(await describeFlowStatus(c, { flowId: 5293 })).toEqual({ status: 2, requestId: "b" });
    expect(JSON.parse(seen[0]!.body)).toEqual({ InstanceId: "mssql-1", Strategy: 1, DBNames: ["db1", "db2"] });
    expect(JSON.parse(seen[1]!.body)).toEqual({ FlowId: 5293 });
    expect(seen.every((s) => s.headers["x-tc-version"] === "2018-03-28" && verifyTc3(s, "sqlserver"))).toBe(true);
  });

  describe("SQL Server CreateBackup is sent at most once (each call makes a new backup)", () => {
    const backup = { instanceId: "mssql-1", strategy: 1 as const, dbNames: ["db1"] };

    it("a dropped answer → AmbiguousPurchaseError, one request", async () => {
      handler = (_s, res) => res.socket?.destroy();
      const err = await createBackup(client(), backup).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmbiguousPurchaseError);
      expect((err as AmbiguousPurchaseError).cause).toBeInstanceOf(TransportError);
      expect(seen).toHaveLength(1);
    });

    it("InternalError may come after the backup started: ambiguous, one request", async () => {
      handler = (_s, res) => json(res, 200, { Response: { RequestId: "r", Error: { Code: "InternalError" } } });
      const err = await createBackup(client(), backup).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmbiguousPurchaseError);
      expect((err as AmbiguousPurchaseError).cause).toBeInstanceOf(ServiceError);
      expect(seen).toHaveLength(1);
    });

    it("RequestLimitExceeded was refused before anything started: it is tried again", async () => {
      handler = (_s, res, n) =>
        json(res, 200, {
          Response:
            n === 1
              ? { RequestId: "r1", Error: { Code: "RequestLimitExceeded", Message: "slow down" } }
              : { RequestId: "r2", FlowId: 77 },
        });
      await expect(createBackup(client(), backup)).resolves.toEqual({ flowId: 77, requestId: "r2" });
      expect(seen).toHaveLength(2);
    });
  });

  it("Response.Error → ServiceError with errorCode and requestId; InternalError retried with a new signature", async () => {
    handler = (_s, res, n) =>
      json(res, 200, {
        Response: {
          RequestId: `req-${n}`,
          Error:
            n === 1
              ? { Code: "InternalError", Message: "oops" }
              : { Code: "AuthFailure.SignatureFailure", Message: "bad sig" },
        },
      });
    const err = await describeFlowStatus(client({ now: () => Date.now() + (seen.length ? 5000 : 0) }), {
      flowId: 1,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({
      errorCode: "AuthFailure.SignatureFailure",
      requestId: "req-2",
      fault: "client",
      retryable: false,
    });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers.authorization).not.toBe(seen[0]!.headers.authorization);
  });
});
