import { describe, expect, it } from "vitest";
import { redact, redactText } from "../../../provider/api/redact";

describe("redaction", () => {
  it("replaces secret-named values at any depth, case-insensitively", () => {
    const out = redact({
      password: "p1",
      nested: [{ OldPassword: "p2", SecretKey: "k", ok: "v" }],
      Signature: "s",
      Authorization: "a",
      token: "t",
    });
    expect(JSON.stringify(out)).not.toMatch(/p1|p2|"k"|"s"|"a"|"t"/);
    expect(out).toMatchObject({ nested: [{ ok: "v" }] });
  });
  it("scrubs query strings, JSON text, TC3 headers and literal values", () => {
    const t = redactText(
      'GET ?password=hunter22&x=1&Signature=abc%3D {"oldPassword":"old-one"} TC3-HMAC-SHA256 Credential=A/d/s/tc3_request, SignedHeaders=content-type;host, Signature=deadbeef echo: hunter22 lit',
      ["lit-secret", "hunter22"],
    );
    expect(t).not.toMatch(/hunter22|abc%3D|old-one|deadbeef/);
    expect(t).toContain("x=1");
  });
});
