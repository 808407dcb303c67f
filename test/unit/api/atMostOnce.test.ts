import { describe, expect, it } from "vitest";
import { AT_MOST_ONCE_ACTIONS } from "../../../provider/api/retry";

describe("AT_MOST_ONCE_ACTIONS", () => {
  // A second RestoreInstance loses what was written in between; a second ExportRedisBackup, ClearRedis or
  // SQL Server CreateBackup repeats the work: a lost answer must surface as ambiguous, never be re-sent.
  it.each(["RestoreInstance", "ExportRedisBackup", "ClearRedis", "CreateBackup", "ManualBackupInstance"])(
    "%s is sent at most once",
    (action) => {
      expect(AT_MOST_ONCE_ACTIONS.has(action)).toBe(true);
    },
  );
});
