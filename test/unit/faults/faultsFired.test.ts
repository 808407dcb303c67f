import { describe, expect, it } from "vitest";
import { faultsFired, renderTable, type ScenarioResult } from "../../faults/results";

const injected = [
  { id: "fault-3", action: "CreateRedis", kind: "dropAfterCommit" },
  { id: "fault-4", action: "DescribeRedis", kind: "code6000" },
];

describe("faultsFired", () => {
  it("counts injected faults that fired at least once; notes each one that never fired", () => {
    const r = faultsFired(injected, [{ id: "fault-3", action: "CreateRedis", kind: "dropAfterCommit" }], []);
    expect(r.cell).toBe("1/2");
    expect(r.notes).toEqual(["fault fault-4 (code6000 on DescribeRedis) was injected but never fired"]);
  });

  it("a fault that fired several times counts once; fired faults of earlier scenarios are ignored", () => {
    const fired = [
      { id: "fault-1", action: "CreateRedis", kind: "reset" },
      { id: "fault-3", action: "CreateRedis", kind: "dropAfterCommit" },
      { id: "fault-4", action: "DescribeRedis", kind: "code6000" },
      { id: "fault-4", action: "DescribeRedis", kind: "code6000" },
    ];
    expect(faultsFired(injected, fired, [])).toEqual({ cell: "2/2", notes: [] });
  });

  it("no fault injected through fault(): n/a, unless the scenario proves its own fault (kill, restart)", () => {
    expect(faultsFired([], [], [])).toEqual({ cell: "n/a", notes: [] });
    expect(faultsFired([], [], [{ what: "SIGKILL after DescribeRedisDealDetail", fired: true }])).toEqual({
      cell: "1/1",
      notes: [],
    });
    expect(faultsFired([], [], [{ what: "emulator restart mid-wait", fired: false }])).toEqual({
      cell: "0/1",
      notes: ["fault emulator restart mid-wait did not happen as the scenario meant"],
    });
  });

  it("the results table has a faults fired column", () => {
    const row: ScenarioResult = {
      file: "create",
      scenario: "create-reset",
      operation: "create",
      fault: "reset",
      faultedRun: "failed",
      convergedBy: "up",
      converged: true,
      duplicates: 0,
      leaked: 0,
      dataIntact: "yes",
      secretsFound: 0,
      engineTrace: 0,
      faultsFired: "1/1",
      seconds: 12,
    };
    const md = renderTable([row, { ...row, scenario: "create-kill", faultsFired: "n/a" }]);
    const lines = md.split("\n");
    const head =
      lines
        .find((l) => l.startsWith("| scenario"))
        ?.split("|")
        .map((c) => c.trim()) ?? [];
    const col = head.indexOf("faults fired");
    expect(col).toBeGreaterThan(0);
    const cells = lines.filter((l) => l.startsWith("| create-")).map((l) => l.split("|").map((c) => c.trim())[col]);
    expect(cells).toEqual(["1/1", "n/a"]);
    expect(md).toContain("faults fired 1/1");
  });
});
