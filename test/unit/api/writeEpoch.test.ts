import { describe, expect, it } from "vitest";
import { isReadOnlyAction, writeEpoch } from "../../../provider/api";
import { noteCall } from "../../../provider/api/writeEpoch";

describe("writeEpoch", () => {
  it("moves when a changing call starts and when it ends, never for reads", () => {
    const e0 = writeEpoch();
    noteCall("DescribeRedis")();
    noteCall("GetRedisBackupList")();
    expect(writeEpoch()).toBe(e0);
    const end = noteCall("ModifyRedisName");
    expect(writeEpoch()).toBe(e0 + 1);
    end();
    expect(writeEpoch()).toBe(e0 + 2);
    expect(["DescribeTaskInfo", "InquiryPriceCreateInstance"].every(isReadOnlyAction)).toBe(true);
    expect(["CreateRedis", "ModfiyRedisPassword", "ClearRedis"].some(isReadOnlyAction)).toBe(false);
  });
});
