import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ForeignBackupError, verifyRestoreSource } from "../../../provider/redis/instance/restoreSource";
import { defineProvider, type ProviderParts } from "../../../provider/runtime/defineProvider";
import { UNKNOWN } from "../../../provider/runtime/unknown";

const parts = (changes: boolean, verifyChange?: ProviderParts["verifyChange"]): ProviderParts => ({
  check: (_o, n) => ({ inputs: n }),
  diff: () => ({ changes, replaces: [], deleteBeforeReplace: false }),
  create: async () => ({ id: "x", outs: {} }),
  read: async (id, props) => ({ id, props }),
  update: async () => ({ outs: {} }),
  delete: async () => undefined,
  verifyChange,
});

describe("defineProvider's diff", () => {
  it("asks verifyChange only when something changes, and fails the diff when it throws", async () => {
    const verify = vi.fn(async () => {
      throw new Error("restoreBackupId b-1 is not a backup of instance crs-1");
    });
    const unchanged = defineProvider(parts(false, verify));
    await expect(unchanged.diff?.("crs-1", {}, {})).resolves.toMatchObject({ changes: false });
    expect(verify).not.toHaveBeenCalled();
    const changed = defineProvider(parts(true, verify));
    await expect(changed.diff?.("crs-1", { a: 1 }, { a: 2 })).rejects.toThrow(/not a backup of instance crs-1/);
    expect(verify).toHaveBeenCalledWith("crs-1", { a: 1 }, { a: 2 });
  });
});

describe("verifyRestoreSource", () => {
  // A stand-in for GetRedisBackupList of crs-1 that lists one backup, and counts every request it gets.
  let server: Server;
  let requests = 0;
  let endpoint = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      req.resume();
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          code: 0,
          message: "",
          totalCount: 1,
          data: { redisBackupSet: [{ backupId: "b-own", status: 2 }] },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const withCredentials = () => {
    vi.stubEnv("TENCENTCLOUD_SECRET_ID", "AKIDunit");
    vi.stubEnv("TENCENTCLOUD_SECRET_KEY", "unit-key");
    vi.stubEnv("TENCENTCLOUD_REGION", "ap-guangzhou");
    vi.stubEnv("TENCENTCLOUD_REDIS_ENDPOINT", endpoint);
  };
  afterEach(() => {
    vi.unstubAllEnvs();
    requests = 0;
  });

  it("refuses a backup the instance's list does not hold, naming the rule", async () => {
    withCredentials();
    await expect(verifyRestoreSource("crs-1", {}, { restoreBackupId: "b-other" })).rejects.toThrow(ForeignBackupError);
    await expect(verifyRestoreSource("crs-1", {}, { restoreBackupId: "b-other" })).rejects.toThrow(
      /restores an instance only from its own backups/,
    );
    await expect(verifyRestoreSource("crs-1", {}, { restoreBackupId: "b-own" })).resolves.toBe(undefined);
    expect(requests).toBe(3);
  });

  it("does not call the cloud for an unchanged, unknown or empty id, or a create still waiting for its deal", async () => {
    withCredentials();
    await verifyRestoreSource("crs-1", { restoreBackupId: "b" }, { restoreBackupId: "b" });
    await verifyRestoreSource("crs-1", {}, { restoreBackupId: UNKNOWN });
    await verifyRestoreSource("crs-1", {}, { restoreBackupId: "" });
    await verifyRestoreSource("pending-deal-1", {}, { restoreBackupId: "b" });
    expect(requests).toBe(0);
  });

  it("skips the check when no credentials are configured (a preview without cloud access)", async () => {
    vi.stubEnv("TENCENTCLOUD_SECRET_ID", "");
    vi.stubEnv("TENCENTCLOUD_SECRET_KEY", "");
    vi.stubEnv("TENCENTCLOUD_REDIS_ENDPOINT", endpoint);
    await expect(verifyRestoreSource("crs-1", {}, { restoreBackupId: "b-other" })).resolves.toBe(undefined);
    expect(requests).toBe(0);
  });
});
