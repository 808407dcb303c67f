import { describe, expect, it } from "vitest";
import { assertNodeVersion } from "../../../provider/api/nodeVersion";

describe("the Node version guard", () => {
  it("refuses Node 20 naming the version found and the one needed; accepts 22 and later", () => {
    expect(() => assertNodeVersion("20.20.2")).toThrow(
      "pulumi-tencentcloud-redis needs Node >= 22, and this is Node 20.20.2",
    );
    expect(() => assertNodeVersion("22.0.0")).not.toThrow();
    expect(() => assertNodeVersion("24.21.0")).not.toThrow();
  });
});
