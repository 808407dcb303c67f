import { createReadStream, existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteDeps } from "./api2017Route";
import { FAULT_KINDS, type FaultKind } from "./faults";
import { readBody, sendJson } from "./httpUtil";

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString("utf8");
  if (text.trim() === "") return {};
  const v: unknown = JSON.parse(text);
  return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
}

/** The state with passwords removed, for test assertions. */
function publicState(d: RouteDeps): Record<string, unknown> {
  const s = d.engine.state;
  return {
    now: d.engine.now(),
    instances: s.instances.map(({ password: _p, ...rest }) => rest),
    deals: s.deals.map((x) => ({ ...x, status: d.engine.dealStatus(x) })),
    tasks: s.tasks.map(({ newPassword: _n, ...rest }) => ({ ...rest, status: d.engine.taskStatus(rest as never) })),
    backups: s.backups,
    flows: s.flows,
  };
}

/**
 * Test controls under /_emulator/: calls, faults, clock, state, reset, and backup downloads.
 * @internal
 */
export async function serveControls(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  d: RouteDeps,
  resetAll: () => Promise<void>,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "");
  if (path === "/_emulator/calls" && method === "GET") return sendJson(res, 200, { calls: d.calls.list() });
  if (path === "/_emulator/calls" && method === "DELETE") {
    d.calls.clear();
    return sendJson(res, 200, {});
  }
  if (path === "/_emulator/faults" && method === "POST") {
    const b = await jsonBody(req);
    const kind = b.kind as FaultKind;
    if (!FAULT_KINDS.includes(kind))
      return sendJson(res, 400, { error: `kind must be one of ${FAULT_KINDS.join(", ")}` });
    const action = typeof b.action === "string" && b.action !== "" ? b.action : "*";
    const times = typeof b.times === "number" && b.times > 0 ? Math.floor(b.times) : 1;
    const latencyMs = typeof b.latencyMs === "number" && b.latencyMs > 0 ? b.latencyMs : 0;
    return sendJson(res, 200, { id: d.faults.add({ action, kind, times, latencyMs }) });
  }
  if (path === "/_emulator/faults" && method === "GET")
    return sendJson(res, 200, { pending: d.faults.pending(), fired: d.faults.fired() });
  if (path === "/_emulator/faults" && method === "DELETE") {
    // Pending faults only; ?fired=1 also forgets which faults fired (POST /reset does both).
    d.faults.clear(url.searchParams.get("fired") === "1");
    return sendJson(res, 200, {});
  }
  if (path === "/_emulator/delays" && method === "GET") return sendJson(res, 200, d.engine.delays());
  if (path === "/_emulator/delays" && method === "POST") {
    const b = await jsonBody(req);
    const next: { dealDelayMs?: number; taskDelayMs?: number } = {};
    for (const key of ["dealDelayMs", "taskDelayMs"] as const) {
      const v = b[key];
      if (v === undefined) continue;
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
        return sendJson(res, 400, { error: `${key} must be a number >= 0` });
      next[key] = v;
    }
    await d.serial.run(async () => d.engine.setDelays(next));
    return sendJson(res, 200, d.engine.delays());
  }
  if (path === "/_emulator/clock" && method === "GET") return sendJson(res, 200, { now: d.engine.now() });
  if (path === "/_emulator/clock" && method === "POST") {
    const b = await jsonBody(req);
    const ms = typeof b.advanceMs === "number" ? b.advanceMs : 0;
    if (ms < 0) return sendJson(res, 400, { error: "advanceMs must be >= 0" });
    await d.serial.run(async () => {
      d.engine.clock.advance(ms);
      await d.engine.tick();
      d.engine.commit();
    });
    return sendJson(res, 200, { now: d.engine.now() });
  }
  if (path === "/_emulator/state" && method === "GET") {
    await d.serial.run(() => d.engine.tick());
    return sendJson(res, 200, publicState(d));
  }
  if (path === "/_emulator/reset" && method === "POST") {
    await d.serial.run(resetAll);
    return sendJson(res, 200, {});
  }
  const dl = /^\/_emulator\/download\/([A-Za-z0-9_-]+)(?:\/[^/]*)?$/.exec(path);
  if (dl && method === "GET") {
    await d.serial.run(() => d.engine.tick());
    const rec = d.engine.state.downloads[dl[1] ?? ""];
    const file = rec ? d.engine.backupFile(rec.backupId) : "";
    if (!rec || rec.expiresAt <= d.engine.now() || !existsSync(file))
      return sendJson(res, 403, { error: "the download URL is unknown or has expired" });
    res.writeHead(200, { "content-type": "application/octet-stream" });
    createReadStream(file).pipe(res);
    return;
  }
  sendJson(res, 404, { error: `no control ${method} ${path}` });
}
