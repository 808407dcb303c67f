/**
 * The documented input rules of the CRS 2017 API (CreateRedis, ModfiyRedisPassword, ModifyRedisName,
 * SetRedisAutoRenew), kept in one place so `check` and the messages it prints quote the same rule.
 * @internal
 */

/** CreateRedis: "Value range: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36]". */
export const PERIODS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 24, 36];

/** CreateRedis: default ranges [1024, 61440] MB for standalone (typeId 2) and [1024, 307200] MB for cluster (1). */
export const MEM_RANGE: Readonly<Record<1 | 2, readonly [number, number]>> = {
  1: [1024, 307_200],
  2: [1024, 61_440],
};

export const PASSWORD_RULE =
  "8-16 characters comprised of at least two of the following types: letters, numbers, special characters (!, @, #, %, ^, *, ())";

const PASSWORD_SPECIALS = "!@#%^*()";

/** Returns why a password breaks the documented rule, or undefined when it is fine. Never echoes the password. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 8 || password.length > 16) return `password must be ${PASSWORD_RULE}`;
  let kinds = 0;
  if (/[A-Za-z]/.test(password)) kinds++;
  if (/[0-9]/.test(password)) kinds++;
  if ([...password].some((c) => PASSWORD_SPECIALS.includes(c))) kinds++;
  if (![...password].every((c) => /[A-Za-z0-9]/.test(c) || PASSWORD_SPECIALS.includes(c))) {
    return `password may only contain letters, numbers and ${PASSWORD_SPECIALS.split("").join(" ")}; rule: ${PASSWORD_RULE}`;
  }
  if (kinds < 2) return `password must be ${PASSWORD_RULE}`;
  return undefined;
}

/** ModifyRedisName accepts 1-36 letters, digits, `_` and `-` (the project's reading of the console rule). */
export const NAME_RULE = "1-36 characters of letters, digits, '_' and '-'";
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;

/** SetRedisAutoRenew: 0 default (manual renewal), 1 auto-renew, 2 never renew (lapse at the deadline). */
export const AUTO_RENEW_VALUES: readonly number[] = [0, 1, 2];
