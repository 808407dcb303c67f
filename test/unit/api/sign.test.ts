import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { canonicalString2017, sign2017 } from "../../../provider/api/sign2017";
import { serviceFromHost, signTc3 } from "../../../provider/api/signTc3";
import { buildTable, loadTools, type SignatureTable, TABLE_PATH } from "./signatureVectors/independentSigners";

// The expected values are frozen in signatureVectors/signatures.json, computed once by the official Tencent Cloud SDKs (the
// tool is named in each vector). No HMAC is computed in this file: a wrong canonical string, key derivation or
// encoding in provider/api fails here.
const frozen = JSON.parse(fs.readFileSync(TABLE_PATH, "utf8")) as SignatureTable;

describe("sign2017 against frozen vectors", () => {
  it.each(frozen.sign2017.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    expect(canonicalString2017(v.input)).toBe(v.canonical);
    expect(sign2017(v.input)).toBe(v.signature);
  });

  it("covers both algorithms, both methods and the documented example", () => {
    const inputs = frozen.sign2017.map((v) => v.input);
    expect(new Set(inputs.map((i) => i.algorithm))).toEqual(new Set(["HmacSHA1", "HmacSHA256"]));
    expect(new Set(inputs.map((i) => i.method))).toEqual(new Set(["GET", "POST"]));
    expect(
      frozen.sign2017.filter((v) => v.source.startsWith("seeds/004 (CRS API 2017), Signature Method")),
    ).toHaveLength(2);
  });

  it("upper-cases the method it is given", () => {
    const v = frozen.sign2017.find((x) => x.input.method === "GET");
    if (!v) throw new Error("no GET vector");
    expect(sign2017({ ...v.input, method: "get" })).toBe(v.signature);
  });

  it("depends on every input (method, host, key)", () => {
    const v = frozen.sign2017[0];
    if (!v) throw new Error("empty table");
    const s = sign2017(v.input);
    expect(sign2017({ ...v.input, method: "POST" })).not.toBe(s);
    expect(sign2017({ ...v.input, host: "b" })).not.toBe(s);
    expect(sign2017({ ...v.input, secretKey: "other" })).not.toBe(s);
  });
});

describe("signTc3 against frozen vectors", () => {
  it.each(frozen.tc3.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    expect(signTc3(v.input).Authorization).toBe(v.authorization);
  });

  it("covers the documented example, redis and sqlserver", () => {
    expect(new Set(frozen.tc3.map((v) => v.input.service))).toEqual(new Set(["cvm", "redis", "sqlserver"]));
  });

  it("sets the X-TC headers and the token only when given (the token is not signed)", () => {
    const v = frozen.tc3.find((x) => x.input.service === "redis");
    if (!v) throw new Error("no redis vector");
    const h = signTc3(v.input);
    expect(h).toMatchObject({
      "Content-Type": "application/json",
      Host: v.input.host,
      "X-TC-Action": v.input.action,
      "X-TC-Version": v.input.version,
      "X-TC-Timestamp": String(v.input.timestamp),
      "X-TC-Region": v.input.region,
    });
    expect(h["X-TC-Token"]).toBeUndefined();
    const withToken = signTc3({ ...v.input, token: "tok" });
    expect(withToken["X-TC-Token"]).toBe("tok");
    expect(withToken.Authorization).toBe(v.authorization);
  });

  it("signs the payload and the host", () => {
    const v = frozen.tc3[0];
    if (!v) throw new Error("empty table");
    expect(signTc3({ ...v.input, payload: "{}" }).Authorization).not.toBe(v.authorization);
    expect(signTc3({ ...v.input, host: "127.0.0.1:1" }).Authorization).not.toBe(v.authorization);
  });

  it("derives the service from Tencent hosts only", () => {
    expect(serviceFromHost("sqlserver.tencentcloudapi.com")).toBe("sqlserver");
    expect(serviceFromHost("redis.ap-shanghai-fsi.tencentcloudapi.com")).toBe("redis");
    expect(serviceFromHost("127.0.0.1:8866")).toBeUndefined();
  });
});

describe("the frozen table", () => {
  const tools = loadTools();
  it.skipIf(!tools.ok)(
    `equals what the independent SDKs compute today${tools.ok ? "" : ` (skipped: ${tools.why})`}`,
    () => {
      if (!tools.ok) return;
      const now = buildTable(tools);
      expect({ sign2017: now.sign2017, tc3: now.tc3 }).toEqual({ sign2017: frozen.sign2017, tc3: frozen.tc3 });
    },
  );
});
