import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call3,
  call2017,
  control,
  createInstance,
  SECRET_ID,
  SECRET_KEY,
  startTestEmulator,
  type TestEmulator,
  waitTask,
} from "./helpers";

type SignMethod = "HmacSHA1" | "HmacSHA256";

/**
 * A client of API 3.0 in the parameter form (Action, Version and the common parameters as request parameters,
 * HmacSHA1/HmacSHA256), signed by the official SDK (tencentcloud-sdk-nodejs-common), not by the emulator's code.
 */
function sdkClient(t: TestEmulator, signMethod: SignMethod, reqMethod: "GET" | "POST", secretKey = SECRET_KEY) {
  return new CommonClient(`127.0.0.1:${t.emu.port}`, "2018-04-12", {
    credential: { secretId: SECRET_ID, secretKey },
    region: "ap-guangzhou",
    profile: { signMethod, httpProfile: { protocol: "http://", reqMethod } },
  });
}

describe("API 3.0 in the parameter form of the documents' example", () => {
  let t: TestEmulator;
  let redisId = "";

  beforeAll(async () => {
    t = await startTestEmulator();
    ({ redisId } = await createInstance(t.emu));
    for (const remark of ["first", "second"]) {
      const r = await call2017(t.emu, "ManualBackupInstance", { redisId, remark });
      expect(await waitTask(t.emu, (r.data as { requestId: number }).requestId)).toBe(2);
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    ["HmacSHA1", "GET"],
    ["HmacSHA256", "GET"],
    ["HmacSHA1", "POST"],
    ["HmacSHA256", "POST"],
  ] as const)("answers DescribeInstanceBackups signed %s over %s as the TC3 form does", async (sign, method) => {
    const form = (await sdkClient(t, sign, method).request("DescribeInstanceBackups", {
      InstanceId: redisId,
      Limit: 5,
      Offset: 0,
    })) as { TotalCount: number; RedisBackupSet: { Remark: string; BackupId: string }[]; RequestId: string };
    const tc3 = (await call3(t.emu, "redis", "DescribeInstanceBackups", {
      InstanceId: redisId,
      Limit: 5,
      Offset: 0,
    })) as typeof form;
    expect(form.TotalCount).toBe(2);
    expect(form.RedisBackupSet.map((b) => b.Remark).sort()).toEqual(["first", "second"]);
    expect(form.RedisBackupSet).toEqual(tc3.RedisBackupSet);
  });

  it("takes arrays as Name.N and numbers as text (Status.0)", async () => {
    const r = (await sdkClient(t, "HmacSHA256", "GET").request("DescribeInstanceBackups", {
      InstanceId: redisId,
      Status: [-1],
    })) as { TotalCount: number };
    expect(r.TotalCount).toBe(0);
    const calls = (await control(t.emu, "GET", "calls")).calls as { action: string; api: string; params: object }[];
    expect(calls.at(-1)).toMatchObject({
      api: "redis3",
      action: "DescribeInstanceBackups",
      params: { InstanceId: redisId, Status: [-1] },
    });
  });

  it("refuses a wrong signature, an unknown SecretId and a missing Version", async () => {
    await expect(
      sdkClient(t, "HmacSHA256", "GET", "not-the-key").request("DescribeInstanceBackups", { InstanceId: redisId }),
    ).rejects.toMatchObject({ code: "AuthFailure.SignatureFailure" });
    const noVersion = await fetch(`${t.emu.url}/?Action=DescribeInstanceBackups&InstanceId=${redisId}`);
    expect(((await noVersion.json()) as { Response: { Error: { Code: string } } }).Response.Error.Code).toBe(
      "MissingParameter",
    );
  });
});
