import { describe, expect, it } from "vitest";
import { resolveSettings } from "../../../provider/config";
import { ConfigError } from "../../../provider/errors";

const env = {
  TENCENTCLOUD_SECRET_ID: "envId",
  TENCENTCLOUD_SECRET_KEY: "envKey-SECRET",
  TENCENTCLOUD_REGION: "ap-guangzhou",
};

describe("resolveSettings", () => {
  it("reads the environment and defaults to the real endpoints", () => {
    expect(resolveSettings({}, env)).toEqual({
      credentials: { secretId: "envId", secretKey: "envKey-SECRET" },
      region: "ap-guangzhou",
      endpoints: {
        crs2017: "https://redis.api.qcloud.com/v2/index.php",
        redis3: "https://redis.tencentcloudapi.com/",
        sqlserver3: "https://sqlserver.tencentcloudapi.com/",
      },
    });
  });
  it("stack config wins over the environment; endpoint base expands", () => {
    const s = resolveSettings(
      {
        "tencentcloud-redis:secretId": "cfgId",
        "tencentcloud-redis:region": "ap-shanghai",
        "tencentcloud-redis:endpoint": "http://127.0.0.1:8866/",
      },
      { ...env, TENCENTCLOUD_SESSION_TOKEN: "tok" },
    );
    expect(s.credentials).toEqual({ secretId: "cfgId", secretKey: "envKey-SECRET", token: "tok" });
    expect(s.region).toBe("ap-shanghai");
    expect(s.endpoints).toEqual({
      crs2017: "http://127.0.0.1:8866/v2/index.php",
      redis3: "http://127.0.0.1:8866/",
      sqlserver3: "http://127.0.0.1:8866/",
    });
  });
  it("TENCENTCLOUD_REDIS_ENDPOINT sets the base", () => {
    expect(resolveSettings({}, { ...env, TENCENTCLOUD_REDIS_ENDPOINT: "http://127.0.0.1:9" }).endpoints.crs2017).toBe(
      "http://127.0.0.1:9/v2/index.php",
    );
  });
  it("reads at call time", () => {
    const e: NodeJS.ProcessEnv = { ...env };
    expect(resolveSettings({}, e).credentials.secretId).toBe("envId");
    e.TENCENTCLOUD_SECRET_ID = "rotated";
    expect(resolveSettings({}, e).credentials.secretId).toBe("rotated");
  });
  it.each([
    ["TENCENTCLOUD_SECRET_KEY", "tencentcloud-redis:secretKey"],
    ["TENCENTCLOUD_SECRET_ID", "tencentcloud-redis:secretId"],
    ["TENCENTCLOUD_REGION", "tencentcloud-redis:region"],
  ])("missing %s → ConfigError naming it and %s, never a value", (name, key) => {
    const e: NodeJS.ProcessEnv = { ...env };
    delete e[name];
    let err: unknown;
    try {
      resolveSettings({}, e);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain(name);
    expect(msg).toContain(key);
    expect(msg).not.toContain("envKey-SECRET");
    expect(msg).not.toContain("envId");
  });
});
