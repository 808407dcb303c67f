import type * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { resolveSettings } from "../../../provider/config";
import { setStackConfig, stackConfig } from "../../../provider/runtime/stackConfig";

/** The config the engine hands to `configure`, as pulumi.dynamic.Config offers it. */
function engineConfig(values: Record<string, string>): pulumi.dynamic.Config {
  const get = (key: string): string | undefined => values[key];
  return {
    get,
    require(key: string): string {
      const v = get(key);
      if (v === undefined) throw new RangeError(`missing ${key}`);
      return v;
    },
  };
}

/** What `configure` keeps is what the provider's operations resolve their credentials and region from. */
describe("stack config in the provider process", () => {
  afterEach(() => setStackConfig(engineConfig({})));

  it("keeps a temporary key's session token (tencentcloud-redis:token), so STS credentials work in the provider", () => {
    setStackConfig(
      engineConfig({
        "tencentcloud-redis:secretId": "AKIDsts",
        "tencentcloud-redis:secretKey": "sts-key",
        "tencentcloud-redis:token": "sts-session-token",
        "tencentcloud-redis:region": "ap-guangzhou",
      }),
    );
    const settings = resolveSettings(stackConfig(), {});
    expect(settings.credentials).toEqual({ secretId: "AKIDsts", secretKey: "sts-key", token: "sts-session-token" });
  });

  it("keeps every provider setting and drops other namespaces and empty values", () => {
    setStackConfig(
      engineConfig({
        "tencentcloud-redis:region": "ap-shanghai",
        "tencentcloud-redis:endpoint": "http://127.0.0.1:8877",
        "tencentcloud-redis:waitTimeoutSeconds": "90",
        "tencentcloud-redis:journalDir": "/tmp/j",
        "tencentcloud-redis:maxOrderPrice": "100",
        "tencentcloud-redis:secretId": "",
        "aws:region": "us-east-1",
      }),
    );
    expect(stackConfig()).toEqual({
      "tencentcloud-redis:region": "ap-shanghai",
      "tencentcloud-redis:endpoint": "http://127.0.0.1:8877",
      "tencentcloud-redis:waitTimeoutSeconds": "90",
      "tencentcloud-redis:journalDir": "/tmp/j",
      "tencentcloud-redis:maxOrderPrice": "100",
    });
  });
});
