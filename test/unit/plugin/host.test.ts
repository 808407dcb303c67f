import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { describe, expect, it } from "vitest";
import { checkInvokeArgs } from "../../../provider/hosts/plugin/invokeArgs";
import { previewCreate, previewUpdate } from "../../../provider/hosts/plugin/previewState";
import { checkConfig, configChanged } from "../../../provider/hosts/plugin/providerConfig";
import { fromWire, secretValue, toWire } from "../../../provider/hosts/plugin/wire";
import { backupModel } from "../../../provider/redis/backup/backupModel";
import { instanceModel } from "../../../provider/redis/rules/instanceModel";
import { UNKNOWN } from "../../../provider/runtime/unknown";
import { parseUrn } from "../../../provider/runtime/urn";

describe("the plugin's wire values", () => {
  it("unwraps secrets, also nested ones, and says which keys held one", () => {
    const s = Struct.fromJavaScript({
      password: secretValue("p@ss-Word1"),
      ids: ["a", secretValue("b")],
      name: "plain",
    } as Parameters<typeof Struct.fromJavaScript>[0]);
    const { props, secrets } = fromWire(s);
    expect(props).toEqual({ password: "p@ss-Word1", ids: ["a", "b"], name: "plain" });
    expect([...secrets].sort()).toEqual(["ids", "password"]);
  });

  it("marks the secret keys on the way out, drops undefined, keeps an unknown as the marker", () => {
    const out = toWire({ password: "x", name: "n", gone: undefined, host: UNKNOWN }, new Set(["password", "host"]));
    expect(out.toJavaScript()).toEqual({ password: secretValue("x"), name: "n", host: UNKNOWN });
  });
});

describe("what a preview shows of a plugin resource's outputs", () => {
  const state = {
    zoneId: 100002,
    typeId: 2,
    memSize: 1024,
    name: "a",
    host: "127.0.0.1",
    port: 6379,
    deadline: "2027-01-01 00:00:00",
    status: 2,
    sizeUsed: 5,
    instanceId: "crs-1",
    createTime: "t",
  };

  it("keeps the outputs a rename does not move (host, port, deadline) and shows the volatile ones unknown", () => {
    const p = previewUpdate(instanceModel, state, { ...state, name: "b" });
    expect(p).toMatchObject({ name: "b", host: "127.0.0.1", port: 6379, deadline: "2027-01-01 00:00:00", status: 2 });
    expect(p.sizeUsed).toBe(UNKNOWN);
  });

  it("a paidThrough change moves the deadline: unknown in the preview", () => {
    const p = previewUpdate(instanceModel, state, { ...state, paidThrough: "2027-06-30" });
    expect(p.deadline).toBe(UNKNOWN);
    expect(p.host).toBe("127.0.0.1");
  });

  it("a backup's URL is moved by export only", () => {
    const b = { instanceId: "crs-1", backupId: "b1", status: 2, downloadUrl: "https://x" };
    expect(previewUpdate(backupModel, b, { ...b, waitTimeoutSeconds: 5 }).downloadUrl).toBe("https://x");
    expect(previewUpdate(backupModel, b, { ...b, export: true }).downloadUrl).toBe(UNKNOWN);
  });

  it("a new resource's outputs are unknown, its inputs as given", () => {
    const p = previewCreate(backupModel, { instanceId: "crs-1" });
    expect(p).toMatchObject({ instanceId: "crs-1", backupId: UNKNOWN, status: UNKNOWN });
  });
});

describe("the plugin's configuration and invoke arguments", () => {
  it("refuses bad bounds and endpoints with the rule", () => {
    expect(
      checkConfig({ waitTimeoutSeconds: "-1", maxOrderPrice: "ten", endpoint: "ftp://x" }).map((f) => f.property),
    ).toEqual(["waitTimeoutSeconds", "maxOrderPrice", "endpoint"]);
    expect(
      checkConfig({ waitTimeoutSeconds: "30", maxOrderPrice: "99.50", endpoint: "http://127.0.0.1:8866" }),
    ).toEqual([]);
    expect(checkConfig({ waitTimeoutSeconds: UNKNOWN })).toEqual([]);
  });

  it("a changed credential is a change of the provider, never a replacement of its resources", () => {
    expect(configChanged({ secretId: "a" }, { secretId: "b" })).toEqual(["secretId"]);
    expect(configChanged({ region: "x" }, { region: "x" })).toEqual([]);
  });

  it("checks an invoke's arguments against the function's schema inputs", () => {
    expect(checkInvokeArgs("tencentcloud-redis:index:getProducts", { zoneIds: [100002], typeId: 2 })).toEqual([]);
    const wrong = checkInvokeArgs("tencentcloud-redis:index:getProducts", { typeId: "2", colour: "red" });
    expect(wrong.map((f) => f.property).sort()).toEqual(["colour", "typeId"]);
    expect(wrong.find((f) => f.property === "typeId")?.reason).toMatch(
      /typeId must be a integer|typeId must be an? integer/,
    );
    expect(checkInvokeArgs("tencentcloud-redis:index:getPrice", { memSize: 1024 }).map((f) => f.property)).toContain(
      "order",
    );
    expect(checkInvokeArgs("tencentcloud-redis:index:getZones", {})).toEqual([]);
  });

  it("reads a URN's parts", () => {
    expect(parseUrn("urn:pulumi:dev::proj::tencentcloud-redis:index:Instance::cache")).toEqual({
      stack: "dev",
      project: "proj",
      type: "tencentcloud-redis:index:Instance",
      name: "cache",
    });
  });
});
