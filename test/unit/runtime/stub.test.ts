import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { providerStub } from "../../../provider/runtime/stub";

const MARKER = "SECRET-MARKER-7f3a9c1e2b";
let saved: string | undefined;

beforeEach(() => {
  saved = process.env.TENCENTCLOUD_SECRET_KEY;
  process.env.TENCENTCLOUD_SECRET_KEY = MARKER;
});
afterEach(() => {
  if (saved === undefined) delete process.env.TENCENTCLOUD_SECRET_KEY;
  else process.env.TENCENTCLOUD_SECRET_KEY = saved;
});

describe("providerStub", () => {
  it("serializes to a loader of the package runtime that carries no secret", async () => {
    const serialized = await pulumi.runtime.serializeFunction(() => providerStub("instance"), {
      isFactoryFunction: true,
    });
    expect(serialized.text).toContain('require("pulumi-tencentcloud-redis/runtime")');
    expect(serialized.text).toContain('"instance"');
    expect(serialized.text).not.toContain(MARKER);
  });

  it("would show the marker if a closure captured it (the check above can fail)", async () => {
    const leaked = process.env.TENCENTCLOUD_SECRET_KEY;
    const serialized = await pulumi.runtime.serializeFunction(() => () => leaked, { isFactoryFunction: true });
    expect(serialized.text).toContain(MARKER);
  });

  it("is one object per kind, so the SDK serializes each kind once (its closure cache is keyed by identity)", () => {
    expect(providerStub("backup")).toBe(providerStub("backup"));
    expect(providerStub("instance")).toBe(providerStub("instance"));
    expect(providerStub("backup")).not.toBe(providerStub("instance"));
  });
});
