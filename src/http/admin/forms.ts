import type { Context } from "hono";
import type { z } from "zod";
import { AppError } from "../../lib/errors.js";
import type { FieldErrors } from "../../../views/components/form.js";

export type FormResult<T> =
  | { ok: true; data: T; raw: Record<string, string> }
  | { ok: false; errors: FieldErrors; raw: Record<string, string> };

/** Parses a submitted form with zod; failures become per-field messages to re-render, never a 500. */
export async function readForm<S extends z.ZodType>(c: Context, schema: S): Promise<FormResult<z.infer<S>>> {
  const body = await c.req.parseBody();
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data, raw };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, raw };
}

/**
 * Field errors for a domain refusal the user can fix in the form (bad value, duplicate, not allowed);
 * undefined for anything else, which the caller rethrows to the error page.
 */
export function formErrorsFrom(err: unknown): FieldErrors | undefined {
  if (!(err instanceof AppError)) return undefined;
  if (!["VALIDATION", "CONFLICT", "FORBIDDEN", "PRECONDITION_FAILED"].includes(err.code)) return undefined;
  return { [err.field ?? "_form"]: err.message };
}

/** Status for a re-rendered form: 403 for refusals, 409 for duplicates, else 422. */
export function formStatus(err: unknown): 403 | 409 | 422 {
  if (err instanceof AppError && err.code === "FORBIDDEN") return 403;
  if (err instanceof AppError && err.code === "CONFLICT") return 409;
  return 422;
}
