import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalString2017, sign2017 } from "../../../provider/api/sign2017";
import { serviceFromHost, signTc3 } from "../../../provider/api/signTc3";

const KEY = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";

describe("sign2017", () => {
  const params = {
    Action: "DescribeInstances",
    SecretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA",
    Timestamp: "1465185768",
    Nonce: "11886",
    Region: "ap-guangzhou",
    SignatureMethod: "HmacSHA256",
    "InstanceId.0": "ins-09dx96dg",
  };
  // Written by hand from the documented rule, not produced by the code under test.
  const canonical =
    "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceId.0=ins-09dx96dg&Nonce=11886" +
    "&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA256&Timestamp=1465185768";

  it("builds the canonical string: sorted names, raw values, METHOD+host+path", () => {
    expect(canonicalString2017({ params, method: "get", host: "cvm.api.qcloud.com", path: "/v2/index.php" })).toBe(
      canonical,
    );
  });

  it.each([
    ["HmacSHA256", "sha256"],
    ["HmacSHA1", "sha1"],
  ] as const)("%s matches an independent HMAC over the hand-written string", (algorithm, hash) => {
    const expected = createHmac(hash, KEY).update(canonical).digest("base64");
    const got = sign2017({
      params,
      method: "GET",
      host: "cvm.api.qcloud.com",
      path: "/v2/index.php",
      secretKey: KEY,
      algorithm,
    });
    expect(got).toBe(expected);
  });

  it("turns _ in names (not values) into . and leaves values unencoded", () => {
    const s = canonicalString2017({
      params: { Placement_Zone: "CN_GUANGZHOU", password: "a b&c=d!@#", Action: "X" },
      method: "POST",
      host: "127.0.0.1:8866",
      path: "/v2/index.php",
    });
    expect(s).toBe("POST127.0.0.1:8866/v2/index.php?Action=X&Placement.Zone=CN_GUANGZHOU&password=a b&c=d!@#");
  });

  it("depends on every input (method, host, key)", () => {
    const base = {
      params,
      method: "GET",
      host: "a",
      path: "/v2/index.php",
      secretKey: KEY,
      algorithm: "HmacSHA1" as const,
    };
    const s = sign2017(base);
    expect(sign2017({ ...base, method: "POST" })).not.toBe(s);
    expect(sign2017({ ...base, host: "b" })).not.toBe(s);
    expect(sign2017({ ...base, secretKey: "other" })).not.toBe(s);
  });
});

/** An independent, step-by-step TC3-HMAC-SHA256 as the public algorithm describes it. */
function referenceTc3(o: {
  id: string;
  key: string;
  host: string;
  service: string;
  payload: string;
  ts: number;
}): string {
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");
  const date = new Date(o.ts * 1000).toISOString().slice(0, 10);
  const canonicalHeaders = `content-type:application/json\nhost:${o.host}\n`;
  const canonicalRequest = `POST\n/\n\n${canonicalHeaders}\ncontent-type;host\n${sha(o.payload)}`;
  const scope = `${date}/${o.service}/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${o.ts}\n${scope}\n${sha(canonicalRequest)}`;
  const h = (k: string | Buffer, m: string) => createHmac("sha256", k).update(m).digest();
  const signing = h(h(h(`TC3${o.key}`, date), o.service), "tc3_request");
  const sig = createHmac("sha256", signing).update(toSign).digest("hex");
  return `TC3-HMAC-SHA256 Credential=${o.id}/${scope}, SignedHeaders=content-type;host, Signature=${sig}`;
}

describe("signTc3", () => {
  const input = {
    secretId: "AKIDtest",
    secretKey: "sekrit-key",
    host: "redis.tencentcloudapi.com",
    service: "redis",
    action: "DescribeInstanceBackups",
    version: "2018-04-12",
    region: "ap-guangzhou",
    payload: JSON.stringify({ InstanceId: "crs-5a4py64p", Limit: 5 }),
    timestamp: 1551113065,
  };

  it("matches an independent implementation", () => {
    const h = signTc3(input);
    expect(h.Authorization).toBe(
      referenceTc3({
        id: "AKIDtest",
        key: "sekrit-key",
        host: input.host,
        service: "redis",
        payload: input.payload,
        ts: input.timestamp,
      }),
    );
    expect(h.Authorization).toContain("Credential=AKIDtest/2019-02-25/redis/tc3_request");
  });

  it("sets the X-TC headers and the token only when given", () => {
    const h = signTc3(input);
    expect(h).toMatchObject({
      "Content-Type": "application/json",
      "X-TC-Action": "DescribeInstanceBackups",
      "X-TC-Version": "2018-04-12",
      "X-TC-Timestamp": "1551113065",
      "X-TC-Region": "ap-guangzhou",
    });
    expect(h["X-TC-Token"]).toBeUndefined();
    expect(signTc3({ ...input, token: "tok" })["X-TC-Token"]).toBe("tok");
  });

  it("signs the payload and the host", () => {
    const a = signTc3(input).Authorization;
    expect(signTc3({ ...input, payload: "{}" }).Authorization).not.toBe(a);
    expect(signTc3({ ...input, host: "127.0.0.1:1" }).Authorization).not.toBe(a);
  });

  it("derives the service from Tencent hosts only", () => {
    expect(serviceFromHost("sqlserver.tencentcloudapi.com")).toBe("sqlserver");
    expect(serviceFromHost("redis.ap-shanghai-fsi.tencentcloudapi.com")).toBe("redis");
    expect(serviceFromHost("127.0.0.1:8866")).toBeUndefined();
  });
});
