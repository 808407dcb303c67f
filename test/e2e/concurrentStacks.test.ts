import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputsOf, REPO, type StackRun, stackDir, startStackOp, stateFile } from "./cli";
import { countByAction, type EmulatorFixture, startFixture } from "./emulatorFixture";

const STACKS = 4;
const PER_STACK = 10;
/** The emulator's limit: requests per second for the account, all 2017 actions together, 4400 beyond. */
const RATE_LIMIT = 20;

interface CheckpointResource {
  type: string;
  outputs?: { instanceId?: string };
}

/** The instance ids a stack's checkpoint (as the file backend wrote it) holds. */
function instanceIdsInState(dir: string): string[] {
  const state = JSON.parse(stateFile(dir)) as { checkpoint: { latest?: { resources?: CheckpointResource[] } } };
  return (state.checkpoint.latest?.resources ?? [])
    .filter((r) => r.type.endsWith(":Instance"))
    .map((r) => String(r.outputs?.instanceId));
}

/** First to last call, by the emulator's clock. */
function span(calls: readonly { time: number }[]): number {
  return calls.length === 0 ? 0 : Math.max(...calls.map((c) => c.time)) - Math.min(...calls.map((c) => c.time));
}

describe("stacks sharing one account's request rate", () => {
  let fx: EmulatorFixture;

  beforeAll(async () => {
    fx = await startFixture({ rateLimit: RATE_LIMIT, dealDelayMs: 1000 });
  });
  afterAll(async () => {
    await fx?.stop();
  });

  it(`${STACKS} stacks × ${PER_STACK} instances up at once: all succeed, each instance bought once, in one state`, async () => {
    // Separate project folders, as separate users or pipelines have: each `pulumi up` runs its own provider process,
    // whose limiter cannot see the others' requests; only the server's 4400 answers tell it to slow down.
    // The programs wait for each other once their provider processes are up (a barrier in a shared folder), so
    // their purchases start within the same second however long each CLI took to start on a busy machine.
    const dirs = Array.from({ length: STACKS }, (_, i) => stackDir(`concurrent-${i}`));
    const barrierDir = fs.mkdtempSync(path.join(os.tmpdir(), "concurrent-barrier-"));
    const t0 = Date.now();
    const started = await Promise.all(
      dirs.map((dir) =>
        startStackOp("up", {
          program: path.join(REPO, "test/e2e/programs/many.ts"),
          dir,
          env: fx.env,
          config: { count: String(PER_STACK), barrierDir, barrierParties: String(STACKS) },
          secretConfig: { redisPassword: "Shared#Rate20" },
          parallel: PER_STACK,
        }),
      ),
    );
    const runs: StackRun[] = await Promise.all(started.map((s) => s.done));
    const wallMs = Date.now() - t0;
    fs.rmSync(barrierDir, { recursive: true, force: true });
    for (const run of runs) expect(run.code, `${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`).toBe(0);

    const calls = await fx.calls();
    const accepted = calls.filter((c) => Number(c.code) === 0);
    const throttled = calls.filter((c) => Number(c.code) === 4400);
    // Proof the limit was hit: the stacks together sent faster than the account allows.
    expect(throttled.length).toBeGreaterThan(0);
    expect(accepted.filter((c) => c.action === "CreateRedis")).toHaveLength(STACKS * PER_STACK);
    // Nothing but 0 and 4400: no throttling error (nor any other) reached a resource.
    expect(calls.filter((c) => Number(c.code) !== 0 && Number(c.code) !== 4400)).toEqual([]);

    const { instances } = await fx.control<{ instances: { redisId: string }[] }>("/_emulator/state");
    expect(instances).toHaveLength(STACKS * PER_STACK);
    const states = dirs.map(instanceIdsInState);
    for (const ids of states) expect(ids).toHaveLength(PER_STACK);
    for (const { redisId } of instances) expect(states.filter((ids) => ids.includes(redisId))).toHaveLength(1);
    const outputs = runs.map((r) => outputsOf(r).instanceIds as string[]);
    expect(outputs.map((ids) => [...ids].sort())).toEqual(states.map((ids) => [...ids].sort()));

    // How the throttling went, for the record. The busiest second is by the log's times (taken when an answer is
    // logged, not when the limit counted the request), so it can differ from the emulator's own count by a few.
    const times = accepted.filter((c) => c.api === "2017").map((c) => c.time);
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    // Each provider logs its rate after a 4400 (the CLI prints a plugin's stderr with the resource's update, and
    // again in the summary: the part before "Diagnostics:" has each line once).
    const cuts = runs.map((r) =>
      [...(r.stdout.split("\nDiagnostics:")[0] ?? "").matchAll(/throttled: now at most ([\d.]+) requests\/s/g)].map(
        (m) => Number(m[1]),
      ),
    );
    console.log(
      `concurrent stacks: ${STACKS}×${PER_STACK} in ${wallMs} ms; ${calls.length} calls, ${throttled.length} answered 4400` +
        ` (${throttled.filter((c) => c.action === "CreateRedis").length} of them CreateRedis);` +
        ` CreateRedis from first to last accepted ${span(accepted.filter((c) => c.action === "CreateRedis"))} ms;` +
        ` busiest second ${busiest} accepted; each stack's rate after each 4400 ${JSON.stringify(cuts)};` +
        ` by action ${JSON.stringify(countByAction(calls))}`,
    );
  });
});
