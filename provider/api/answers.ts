import type { z } from "zod";
import { ResponseShapeError } from "./errors";
import { redactText } from "./redact";
import type { HttpResponse } from "./transport";

/* Reading an answer: JSON or a ResponseShapeError naming where it broke; the module code a 2017 message carries. */

/** A module code at the start of a 2017 message: `(10502) ...`. @internal */
export const MODULE_CODE = /^\s*\((\d+)\)\s*/;

/** A number, or a numeric string, as a number. @internal */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** The start of a body for an error message, secrets scrubbed. */
function snippet(text: string, secrets: string[]): string {
  const s = redactText(text.slice(0, 120), secrets).replace(/\s+/g, " ");
  return text.length > 120 ? `${s}…` : s;
}

/** The body as a JSON object, or a ResponseShapeError. @internal */
export function parseJson(action: string, res: HttpResponse, secrets: string[]): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch (cause) {
    throw new ResponseShapeError({
      action,
      path: "$",
      detail: `not JSON (content-type "${res.contentType}"): ${snippet(res.body, secrets)}`,
      httpStatus: res.status,
      cause,
    });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ResponseShapeError({ action, path: "$", detail: "not a JSON object", httpStatus: res.status });
  }
  return body as Record<string, unknown>;
}

/** The body checked against the action's schema, or a ResponseShapeError naming the first failing field. @internal */
export function validate<T>(action: string, schema: z.ZodType<T>, body: unknown, status: number, prefix: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter((p) => p !== "").join(".") || "$";
  throw new ResponseShapeError({ action, path, detail: issue?.message ?? "invalid", httpStatus: status });
}
