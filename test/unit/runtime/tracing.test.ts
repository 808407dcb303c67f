import { describe, expect, it } from "vitest";
import { tracing } from "../../../provider/runtime/context";

describe("request traces are off by default", () => {
  it("stays quiet with no setting and no verbosity", () => {
    expect(tracing({}, ["node", "provider.js", "127.0.0.1:1234"])).toBe(false);
    expect(tracing({ TENCENTCLOUD_REDIS_LOG: "info" }, [])).toBe(false);
    expect(tracing({}, ["-v=0"])).toBe(false);
  });

  it("traces with TENCENTCLOUD_REDIS_LOG=debug or a verbosity the CLI passes to its plugins", () => {
    expect(tracing({ TENCENTCLOUD_REDIS_LOG: "debug" }, [])).toBe(true);
    expect(tracing({ TENCENTCLOUD_REDIS_LOG: "DEBUG" }, [])).toBe(true);
    expect(tracing({}, ["node", "provider.js", "-v=9", "--logtostderr"])).toBe(true);
    expect(tracing({}, ["--v=3"])).toBe(true);
  });
});
