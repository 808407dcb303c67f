import { moduleError } from "./moduleError";

/**
 * The document's password rule: 8-16 characters, at least two of letters / digits / specials. The specials are the
 * union of the two lists the document prints: ! @ # % ^ * ( ). Any other character breaks the rule.
 * @internal
 */
export function checkPassword(pw: string | undefined): string {
  if (pw === undefined || pw === "") throw moduleError(10501, "password is empty");
  const ok =
    /^[A-Za-z0-9!@#%^*()]{8,16}$/.test(pw) &&
    [/[A-Za-z]/, /[0-9]/, /[!@#%^*()]/].filter((re) => re.test(pw)).length >= 2;
  if (!ok)
    throw moduleError(11058, "password must be 8-16 characters with at least two of letters, digits and !@#%^*()");
  return pw;
}
