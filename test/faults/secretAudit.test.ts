import { describe, expect, it } from "vitest";
import { auditTexts, isEngineTraceLine, type KnownSecret } from "./secretAudit";

const SECRETS: KnownSecret[] = [
  { kind: "password", value: "Leaky1!password" },
  { kind: "secretKey", value: "e2e-secret-key-never-in-state-7f3a" },
  { kind: "signature", value: "c2lnbmF0dXJlLWJhc2U2NA==" },
  { kind: "downloadUrl", value: "tok3nOfADownloadUrl_xyz" },
  { kind: "password", value: "short" },
];

/** The audit must be able to fail: fed a leak of each kind, it reports it, without echoing the secret. */
describe("secret audit self-test", () => {
  it("finds each kind of secret leaked in plain text, and says where", () => {
    const report = auditTexts(
      [
        { where: "up stderr", text: "error: CreateRedis failed: password Leaky1!password refused" },
        { where: "stack export", text: '{"key":"e2e-secret-key-never-in-state-7f3a"}' },
        { where: "verbose log", text: "GET /v2/index.php?Signature=c2lnbmF0dXJlLWJhc2U2NA==&Nonce=1" },
        { where: "outputs", text: "downloadUrl: http://x/_emulator/download/tok3nOfADownloadUrl_xyz/dump.rdb" },
      ],
      SECRETS,
    );
    expect(report.leaks.map((l) => [l.where, l.kind])).toEqual([
      ["up stderr", "password"],
      ["stack export", "secretKey"],
      ["verbose log", "signature"],
      ["outputs", "downloadUrl"],
    ]);
    for (const l of report.leaks) for (const s of SECRETS) expect(l.excerpt).not.toContain(s.value);
  });

  it("finds nothing in clean text and ignores values too short to be told from chance", () => {
    const report = auditTexts([{ where: "up", text: "password: [secret]\nshort story" }], SECRETS);
    expect(report).toEqual({ leaks: [], engineTrace: 0 });
  });

  it("counts the engine's own -v=9 RPC trace apart, but not a provider line that merely looks like JSON", () => {
    const trace =
      '{"time":"2026-01-01T00:00:00Z","level":"INFO","msg":"Marshaling property for RPC[Provider.Create]: password={Leaky1!password}","v":9}';
    const ours =
      '{"time":"2026-01-01T00:00:00Z","level":"INFO","msg":"eventSink::Info([tencentcloud-redis] Leaky1!password)"}';
    expect(isEngineTraceLine(trace)).toBe(true);
    expect(
      isEngineTraceLine(
        '{"time":"2026-01-01T00:00:00Z","level":"INFO","msg":"Planner decided not to update \'urn\' (inputs=map[password:{x}])","v":7}',
      ),
    ).toBe(true);
    expect(isEngineTraceLine(ours)).toBe(false);
    const report = auditTexts([{ where: "verbose", text: `${trace}\n${ours}` }], SECRETS);
    expect(report.engineTrace).toBe(1);
    expect(report.leaks).toHaveLength(1);
  });
});
