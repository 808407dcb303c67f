import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../../../provider/api";
import { PartialError } from "../../../provider/runtime/partial";
import { sqlserverBackupProvider as provider } from "../../../provider/sqlserver/backupProvider";

// The SQL Server API calls are replaced; everything else (the provider, its flow poller, the errors) is real.
vi.mock("../../../provider/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../../provider/api")>();
  return { ...orig, createBackup: vi.fn(), describeFlowStatus: vi.fn() };
});

const createBackup = vi.mocked(api.createBackup);
const describeFlowStatus = vi.mocked(api.describeFlowStatus);

const ENV = {
  TENCENTCLOUD_SECRET_ID: "AKIDunit",
  TENCENTCLOUD_SECRET_KEY: "unit-key",
  TENCENTCLOUD_REGION: "ap-guangzhou",
};
const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(() => {
  for (const k of Object.keys(ENV)) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
beforeEach(() => {
  createBackup.mockReset();
  describeFlowStatus.mockReset();
});

const inputs = { instanceId: "mssql-unit0001", strategy: 0 };
const lost = () =>
  new api.AmbiguousPurchaseError("CreateBackup", new api.TransportError({ action: "CreateBackup", notSent: false }));
const notFound = () =>
  new api.ServiceError({
    action: "DescribeFlowStatus",
    code: 0,
    errorCode: "ResourceNotFound.FlowNotFound",
    message: "no flow",
  });

async function partialOf(p: Promise<unknown>): Promise<PartialError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PartialError) return err;
    throw err;
  }
  throw new Error("expected a PartialError");
}

describe("sqlserver.Backup when CreateBackup's answer is lost", () => {
  it("stops with a clear error, keeps a partial state, and sends CreateBackup once", async () => {
    createBackup.mockRejectedValueOnce(lost());
    const err = await partialOf(provider.create(inputs));
    expect(err.message).toMatch(/CreateBackup of mssql-unit0001: the answer was lost/);
    expect(err.message).toMatch(/not sent again/);
    expect(err.message).not.toMatch(/purchase/);
    expect(err.properties).toMatchObject({ instanceId: "mssql-unit0001", status: "unknown" });
    expect(createBackup).toHaveBeenCalledTimes(1);
  });

  it("the next up looks again instead of sending CreateBackup again", async () => {
    createBackup.mockRejectedValueOnce(lost());
    const err = await partialOf(provider.create(inputs));
    const update = provider.update;
    if (!update) throw new Error("no update");
    const again = await partialOf(update(err.id, err.properties, inputs));
    expect(again.id).toBe(err.id);
    expect(again.properties).toMatchObject({ status: "unknown" });
    expect(createBackup).toHaveBeenCalledTimes(1);
  });
});

describe("sqlserver.Backup read (refresh)", () => {
  const state = { ...inputs, flowId: 5293, status: "succeeded" };
  it("looks the backup's flow up and drops the resource when the cloud no longer knows it", async () => {
    describeFlowStatus.mockRejectedValueOnce(notFound());
    const read = provider.read;
    if (!read) throw new Error("no read");
    const r = await read("mssql-unit0001/5293", state);
    expect(describeFlowStatus).toHaveBeenCalledTimes(1);
    expect(r.id).toBe("");
  });

  it("updates its status from the flow", async () => {
    describeFlowStatus.mockResolvedValueOnce({ status: 1 });
    const read = provider.read;
    if (!read) throw new Error("no read");
    const r = await read("mssql-unit0001/5293", state);
    expect(r).toEqual({ id: "mssql-unit0001/5293", props: { ...state, status: "failed" } });
  });

  it("an update that changes only waitTimeoutSeconds keeps flowId and status", async () => {
    const update = provider.update;
    if (!update) throw new Error("no update");
    const r = await update("mssql-unit0001/5293", state, { ...inputs, waitTimeoutSeconds: 60 });
    expect(r.outs).toMatchObject({ flowId: 5293, status: "succeeded", waitTimeoutSeconds: 60 });
  });
});

describe("sqlserver.Backup import", () => {
  it("is refused by name, with why, before any call: the API cannot say what a flow backed up", async () => {
    describeFlowStatus.mockReset();
    await expect(provider.read?.("mssql-e2e0001/42", {})).rejects.toThrow(
      /cannot import SQL Server backup mssql-e2e0001\/42: the documented API \(DescribeFlowStatus\)/,
    );
    expect(describeFlowStatus).not.toHaveBeenCalled();
  });
});
