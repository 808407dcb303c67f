import { describe, expect, it } from "vitest";
import * as api from "../../../provider/api";
import { isDailyBackupLimit as isDailyLimit } from "../../../provider/api";

function err(moduleCode: number | undefined, message: string): api.ServiceError {
  return new api.ServiceError({ action: "ManualBackupInstance", code: moduleCode ?? 5000, message, moduleCode });
}

describe("isDailyLimit", () => {
  it("is not fooled by a 24 in an unrelated refusal", () => {
    expect(isDailyLimit(err(10702, "(10702) instance crs-24abcd status abnormal"))).toBe(false);
    expect(isDailyLimit(err(10701, "(10701) no instance crs-x24"))).toBe(false);
    expect(isDailyLimit(err(undefined, "internal error 24"))).toBe(false);
  });
  it("matches the limit refusal (11201, the only business-parameter code the document lists for it)", () => {
    expect(isDailyLimit(err(11201, "(11201) ManualBackupInstance is limited to 24 calls a day for crs-1"))).toBe(true);
  });
});
