import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call3,
  call2017,
  control,
  SECRET_ID,
  signed2017,
  startTestEmulator,
  type TestEmulator,
  waitFor,
} from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.stop();
});

describe("2017 wire protocol and signatures", () => {
  it("accepts HmacSHA1 and HmacSHA256 over GET and POST, with the documented string code", async () => {
    for (const method of ["GET", "POST"] as const) {
      for (const sha256 of [false, true]) {
        const r = await call2017(t.emu, "DescribeRedisZones", {}, { method, sha256 });
        expect(r.code).toBe("0");
        expect(r.codeDesc).toBe("Success");
        expect((r.data as { zones: Record<string, string>[] }).zones[0]).toEqual({ "100002": "Guangzhou Zone 2" });
      }
    }
  });

  it("signs every parameter received, names with underscores read as dots (projectIds_0 is projectIds.0)", async () => {
    const r = await call2017(t.emu, "DescribeRedis", { limit: 5, offset: 0, projectIds_0: "0", "unVpcIds.0": "vpc-x" });
    expect(r.code).toBe(0);
    expect(r.totalCount).toBe(0);
  });

  it("refuses a parameter the document does not name for the action with 4000 InvalidParameter, after the signature", async () => {
    const unknown = await call2017(t.emu, "DescribeRedis", { limit: 5, offset: 0, someFutureParam: "x y" });
    expect(unknown).toMatchObject({ code: 4000, codeDesc: "InvalidParameter" });
    expect(unknown.message).toContain("someFutureParam");
    // The signature is checked first, over the unknown parameter too.
    const badSig = await call2017(
      t.emu,
      "DescribeRedis",
      { limit: 5, offset: 0, someFutureParam: "x" },
      { secretKey: "no" },
    );
    expect(badSig.code).toBe(4100);
    // A documented name used with another action is unknown there.
    const renew = await call2017(t.emu, "RenewRedis", { redisId: "crs-none", period: 1, memSize: 1024 });
    expect(renew).toMatchObject({ code: 4000, codeDesc: "InvalidParameter" });
    expect(renew.message).toContain("memSize");
    const upgrade = await call2017(t.emu, "UpgradeRedis", { redisId: "crs-none", memSize: 2048, newMemSize: 2048 });
    expect(upgrade.code).toBe(4000);
    expect(upgrade.message).toContain("newMemSize");
    // Documented names pass the check (then fail on the unknown instance, 10701 under 5000).
    expect((await call2017(t.emu, "RenewRedis", { redisId: "crs-none", period: 1 })).code).toBe(5000);
    expect((await call2017(t.emu, "UpgradeRedis", { redisId: "crs-none", memSize: 2048 })).code).toBe(5000);
  });

  it("CreateRedis takes the VPC as the document spells it (unVpclId, vpclId), not unVpcId, vpcId or zonedId", async () => {
    const base = { zoneId: 100002, typeId: 2, memSize: 1024, goodsNum: 1, period: 1, password: "Passw0rd1234" };
    for (const [name, extra] of [
      ["unVpcId", { unVpcId: "vpc-kd7d06of", unSubnetId: "subnet-3lzksp0" }],
      ["vpcId", { vpcId: 12, subnetId: 34 }],
      ["zonedId", { zonedId: 100002 }],
    ] as const) {
      const r = await call2017(t.emu, "CreateRedis", { ...base, ...extra });
      expect(r, name).toMatchObject({ code: 4000, codeDesc: "InvalidParameter" });
      expect(r.message).toContain(name);
    }
    const before = ((await control(t.emu, "GET", "state")) as { instances: unknown[] }).instances.length;
    const ok = await call2017(t.emu, "CreateRedis", {
      ...base,
      unVpclId: "vpc-kd7d06of",
      unSubnetId: "subnet-3lzksp0",
    });
    expect(ok.code).toBe("0");
    const legacy = await call2017(t.emu, "CreateRedis", { ...base, vpclId: 12, subnetId: 34, projectId: 0 });
    expect(legacy.code).toBe("0");
    const st = (await control(t.emu, "GET", "state")) as {
      instances: { unVpcId: string; unSubnetId: string; vpcId: number; subnetId: number }[];
    };
    expect(st.instances.slice(before).map((i) => [i.unVpcId, i.unSubnetId, i.vpcId, i.subnetId])).toEqual([
      ["vpc-kd7d06of", "subnet-3lzksp0", 0, 0],
      ["", "", 12, 34],
    ]);
  });

  it("DescribeRedisProduct takes zoneIds.n (the table's zonelds.n) and the example's zonedId", async () => {
    const one = await call2017(t.emu, "DescribeRedisProduct", { zonedId: 300001 });
    expect((one.data as { zoneId: number }[]).map((z) => z.zoneId)).toEqual([300001]);
    const many = await call2017(t.emu, "DescribeRedisProduct", { "zoneIds.0": 300001 });
    expect((many.data as { zoneId: number }[]).map((z) => z.zoneId)).toEqual([300001]);
  });

  it("rejects a wrong key with 4100 and an unknown SecretId with 4104", async () => {
    expect((await call2017(t.emu, "DescribeRedisZones", {}, { secretKey: "wrong" })).code).toBe(4100);
    expect((await call2017(t.emu, "DescribeRedisZones", {}, { secretId: "AKIDnobody" })).code).toBe(4104);
  });

  it("rejects a tampered request with 4100", async () => {
    const qs = signed2017(t.emu, "DescribeRedis", { limit: 5, offset: 0 });
    const res = await fetch(`${t.emu.url}/v2/index.php?${qs.replace("limit=5", "limit=6")}`);
    expect(((await res.json()) as { code: number }).code).toBe(4100);
  });

  it("takes only standard base64 with padding: the URL-safe alphabet or a missing '=' is refused with 4100", async () => {
    for (const sha256 of [false, true]) {
      // A signature with '+' or '/' in it (about half of them), to turn into the URL-safe alphabet.
      let qs = "";
      let sig = "";
      for (let i = 0; i < 50 && !/[+/]/.test(sig); i++) {
        qs = signed2017(t.emu, "DescribeRedisZones", {}, { sha256 });
        sig = new URLSearchParams(qs).get("Signature") ?? "";
      }
      expect(sig).toMatch(/[+/]/);
      expect(sig).toMatch(/=$/); // 20 and 32 bytes both end in one pad character
      const send = async (signature: string) => {
        const p = new URLSearchParams(qs);
        p.set("Signature", signature);
        return ((await (await fetch(`${t.emu.url}/v2/index.php?${p}`)).json()) as { code: number | string }).code;
      };
      const urlSafe = sig.replaceAll("+", "-").replaceAll("/", "_");
      expect(await send(urlSafe)).toBe(4100);
      expect(await send(urlSafe.replace(/=+$/, ""))).toBe(4100);
      expect(await send(sig.replace(/=+$/, ""))).toBe(4100);
      expect(await send(` ${sig}`)).toBe(4100);
      // The standard form itself passes (the same query, so this is also the control of the cases above).
      expect(await send(sig)).toBe("0");
    }
  });

  it("answers 4500 to a reused Nonce and to a Timestamp more than 2 hours off", async () => {
    const common = { Nonce: 4242, Timestamp: Math.floor(Date.now() / 1000) };
    expect((await call2017(t.emu, "DescribeRedisZones", {}, { common })).code).toBe("0");
    expect((await call2017(t.emu, "DescribeRedisZones", {}, { common })).code).toBe(4500);
    const old = { Nonce: 1, Timestamp: Math.floor(Date.now() / 1000) - 3 * 3600 };
    expect((await call2017(t.emu, "DescribeRedisZones", {}, { common: old })).code).toBe(4500);
  });

  it("answers 4500 to a Nonce reused with another Timestamp inside the 2-hour window, not beyond it", async () => {
    const now = Math.floor(Date.now() / 1000);
    const nonce = 777_000_001;
    const first = await call2017(t.emu, "DescribeRedisZones", {}, { common: { Nonce: nonce, Timestamp: now - 7100 } });
    expect(first.code).toBe("0");
    // One second later, then an hour later: the same (SecretId, Nonce) inside the window is a replay.
    for (const ts of [now - 7099, now - 3500]) {
      const again = await call2017(t.emu, "DescribeRedisZones", {}, { common: { Nonce: nonce, Timestamp: ts } });
      expect(again).toMatchObject({ code: 4500, codeDesc: "ReplayAttack" });
      expect(again.message).toContain(String(nonce));
    }
    // More than 2 hours after its first use (both Timestamps valid), the Nonce may be used again.
    const later = await call2017(t.emu, "DescribeRedisZones", {}, { common: { Nonce: nonce, Timestamp: now + 200 } });
    expect(later.code).toBe("0");
    // Another SecretId's Nonce is its own (refused for the unknown SecretId, not as a replay).
    const other = await call2017(
      t.emu,
      "DescribeRedisZones",
      {},
      { secretId: "AKIDnobody", common: { Nonce: nonce, Timestamp: now } },
    );
    expect(other.code).toBe(4104);
  });

  it("answers 4000 naming a missing parameter, and for an unknown action", async () => {
    const missing = await call2017(t.emu, "CreateRedis", {
      zoneId: 100002,
      typeId: 2,
      goodsNum: 1,
      period: 1,
      password: "Passw0rd1234",
    });
    expect(missing.code).toBe(4000);
    expect(missing.message).toContain("memSize");
    const unknown = await call2017(t.emu, "DeleteRedis", {});
    expect(unknown.code).toBe(4000);
    expect(unknown.message).toContain("DeleteRedis");
    const unsigned = (await (await fetch(`${t.emu.url}/v2/index.php?Action=DescribeRedisZones`)).json()) as {
      code: number;
    };
    expect(unsigned.code).toBe(4000);
  });

  it("carries module errors as '(NNNNN) text' under a common code", async () => {
    const bad = await call2017(t.emu, "CreateRedis", {
      zoneId: 100002,
      typeId: 2,
      memSize: 1024,
      goodsNum: 1,
      period: 1,
      password: "short",
    });
    expect(bad.code).toBe(4000);
    expect(bad.message).toMatch(/^\(11058\) /);
    const notFound = await call2017(t.emu, "ModifyRedisName", { redisId: "crs-none", redisName: "x" });
    expect(notFound.code).toBe(5000);
    expect(notFound.message).toMatch(/^\(10701\) /);
    const period = await call2017(t.emu, "InquiryRedisPrice", {
      zoneId: 100002,
      typeId: 1,
      memSize: 1024,
      goodsNum: 1,
      period: 13,
    });
    expect(period.message).toMatch(/^\(11065\) /);
    const zone = await call2017(t.emu, "InquiryRedisPrice", {
      zoneId: 300001,
      typeId: 1,
      memSize: 1024,
      goodsNum: 1,
      period: 1,
    });
    expect(zone.message).toMatch(/^\(11062\) /);
  });

  it("prices consistently with the document's example (1 GB cluster, 2 months = 16000)", async () => {
    const r = await call2017(t.emu, "InquiryRedisPrice", {
      zonedId: 100002,
      typeId: 1,
      memSize: 1024,
      goodsNum: 1,
      period: 2,
    });
    expect(r).toMatchObject({ code: "0", data: { price: 16000 } });
    const products = await call2017(t.emu, "DescribeRedisProduct", { "zoneIds.0": 300001 });
    expect(products.data).toEqual([
      {
        zoneId: 300001,
        name: "Hong Kong Zone 1",
        types: {
          "2": { type: 2, typeName: "Standalone", minMemSize: 1024, maxMemSize: 40960, minBuyNum: 1, maxBuyNum: 10 },
        },
      },
    ]);
  });

  it("logs calls with secrets redacted", async () => {
    await control(t.emu, "DELETE", "calls");
    await call2017(t.emu, "ClearRedis", { redisId: "crs-none", password: "Secret123!" });
    const { calls } = (await control(t.emu, "GET", "calls")) as { calls: Record<string, unknown>[] };
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ api: "2017", action: "ClearRedis", code: 5000, httpStatus: 200 });
    const params = calls[0]?.params as Record<string, string>;
    expect(params.password).toBe("***");
    expect(params.Signature).toBe("***");
    expect(params.SecretId).toBe(SECRET_ID);
    expect(JSON.stringify(calls)).not.toContain("Secret123!");
  });
});

describe("API 3.0 (TC3-HMAC-SHA256)", () => {
  it("verifies the official SDK's signature and answers Redis errors as Error.Code", async () => {
    const r = await call3(t.emu, "redis", "DescribeInstanceBackups", { InstanceId: "crs-none" });
    expect((r.Error as { Code: string }).Code).toBe("ResourceNotFound.InstanceNotExists");
    expect(typeof r.RequestId).toBe("string");
  });

  it("takes the TC3 signature's hex in either case (the documents do not say lowercase), nothing else", async () => {
    const withSig = async (edit: (sig: string) => string) => {
      const r = await call3(
        t.emu,
        "redis",
        "DescribeInstanceBackups",
        { InstanceId: "crs-none" },
        { editSignature: edit },
      );
      return (r.Error as { Code: string }).Code;
    };
    expect(await withSig((s) => s)).toBe("ResourceNotFound.InstanceNotExists");
    expect(await withSig((s) => s.toUpperCase())).toBe("ResourceNotFound.InstanceNotExists");
    expect(await withSig((s) => Buffer.from(s, "hex").toString("base64"))).toBe("AuthFailure.InvalidAuthorization");
    expect(await withSig((s) => s.slice(0, 62))).toBe("AuthFailure.InvalidAuthorization");
  });

  it("rejects a bad TC3 signature", async () => {
    const r = await call3(t.emu, "redis", "DescribeInstanceBackups", { InstanceId: "crs-none" }, { secretKey: "nope" });
    expect((r.Error as { Code: string }).Code).toBe("AuthFailure.SignatureFailure");
  });

  it("runs a SQL Server CreateBackup flow to Status 0 and validates its input", async () => {
    const created = await call3(t.emu, "sqlserver", "CreateBackup", {
      InstanceId: "mssql-test1",
      Strategy: 1,
      DBNames: ["db1"],
    });
    expect(typeof created.FlowId).toBe("number");
    const first = await call3(t.emu, "sqlserver", "DescribeFlowStatus", { FlowId: created.FlowId });
    expect(first.Status).toBe(2);
    await waitFor(async () => {
      const s = await call3(t.emu, "sqlserver", "DescribeFlowStatus", { FlowId: created.FlowId });
      return s.Status === 0 ? true : undefined;
    });
    const unknownDb = await call3(t.emu, "sqlserver", "CreateBackup", {
      InstanceId: "mssql-test1",
      Strategy: 1,
      DBNames: ["nope"],
    });
    expect((unknownDb.Error as { Code: string }).Code).toBe("InvalidParameter.InputIllegal");
    const unknownInst = await call3(t.emu, "sqlserver", "CreateBackup", { InstanceId: "mssql-x", Strategy: 0 });
    expect((unknownInst.Error as { Code: string }).Code).toBe("ResourceNotFound.InstanceNotFound");
  });
});

describe("rate limit", () => {
  it("answers 4400 beyond --rate-limit requests per second", async () => {
    const limited = await startTestEmulator({ rateLimit: 2 });
    try {
      const codes = await Promise.all(Array.from({ length: 6 }, () => call2017(limited.emu, "DescribeRedisZones")));
      expect(codes.filter((c) => c.code === 4400).length).toBeGreaterThanOrEqual(3);
      expect(codes.filter((c) => c.code === "0").length).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.stop();
    }
  });
});
