import { describe, expect, it } from "vitest";
import { PASSWORD_RULE, passwordProblem } from "../../../provider/redis/rules/rules";

describe("passwordProblem", () => {
  it.each([
    ["letters and numbers", "abcd1234"],
    ["letters and specials", "abcd!@#%"],
    ["numbers and specials", "1234^*()"],
    ["all three kinds", "Ab1!Ab1!"],
    ["8 characters (lower bound)", "abcdefg1"],
    ["16 characters (upper bound)", "abcdefghijklmno1"],
  ])("accepts %s", (_label, password) => expect(passwordProblem(password)).toBeUndefined());

  it.each([
    ["7 characters", "abcdef1"],
    ["17 characters", "abcdefghijklmnop1"],
    ["empty", ""],
    ["letters only", "abcdefgh"],
    ["numbers only", "12345678"],
    ["specials only", "!@#%^*()"],
  ])("rejects %s, quoting the rule", (_label, password) => {
    const problem = passwordProblem(password);
    expect(problem).toBeDefined();
    expect(problem).toContain(PASSWORD_RULE);
  });

  it.each([
    ["a space", "abcd 1234"],
    ["an unlisted special ($)", "abcd$1234"],
    ["an unlisted special (&)", "abcd&1234"],
    ["a non-ASCII letter", "abcdé1234"],
  ])("rejects %s as a character outside the allowed set", (_label, password) => {
    expect(passwordProblem(password)).toMatch(/may only contain letters, numbers and/);
  });

  it("never echoes the password in its message", () => {
    const passwords = ["Zq7", "Zq7Xw3Kp9Lm2Vb8NrT", "ZqXwKpLmVbNr", "Zq7Xw3$Kp9", "73519246"];
    for (const password of passwords) {
      const problem = passwordProblem(password);
      expect(problem).toBeDefined();
      expect(problem).not.toContain(password);
    }
  });
});
