import { z } from "zod";

const toNum = (v: unknown): unknown => (typeof v === "string" && v.trim() !== "" ? Number(v) : v);

/** A number the service may send as a string (`"2048"`). */
export const num = z.preprocess(toNum, z.number());

/** An optional number; `""` and `null` count as absent. */
export const optNum = z.preprocess((v) => (v === "" || v === null ? undefined : toNum(v)), z.number().optional());

/** A string the service may send as a number (`dealId: 432583`). */
export const str = z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string());

/** An optional string; `null` counts as absent. */
export const optStr = z.preprocess(
  (v) => (v === null ? undefined : typeof v === "number" ? String(v) : v),
  z.string().optional(),
);

/** The 2017 envelope fields (already checked by the client: `code` is 0 here). */
export const envelope2017 = { code: num, message: optStr, codeDesc: optStr };

/** The envelope only: actions that answer nothing else. */
export const emptyAnswer = z.looseObject(envelope2017).transform((): void => undefined);

/** `data.requestId` of the task-starting actions. */
export const taskAnswer = z
  .looseObject({ ...envelope2017, data: z.looseObject({ requestId: num }) })
  .transform((b) => ({ requestId: b.data.requestId }));

/** `data.dealId` of the purchase actions. */
export const dealAnswer = z
  .looseObject({ ...envelope2017, data: z.looseObject({ dealId: str }) })
  .transform((b) => ({ dealId: b.data.dealId }));

/** `data.price` of the price inquiries. */
export const priceAnswer = z
  .looseObject({ ...envelope2017, data: z.looseObject({ price: num }) })
  .transform((b) => ({ price: b.data.price }));

/**
 * Drops `undefined` fields, so results hold only what the service sent.
 * @param o - object with optional fields
 */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
