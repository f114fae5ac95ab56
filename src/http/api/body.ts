import type { Context } from "hono";
import { readCapped } from "../../lib/read-capped.js";
import type { z } from "zod";
import { AppError, invalid } from "../../lib/errors.js";

export * from "./paging.js";

/** Largest request body the API accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${MAX_BODY_BYTES} bytes`);

/**
 * Reads the body as JSON whatever the content-type says, then validates it.
 * An empty body reads as `{}` (clients send none on many POST/DELETE calls).
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await readText(c);
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError("VALIDATION", "Malformed JSON body", { publicCode: "bad_request" });
    }
  }
  return parseWith(schema, raw);
}

/** Validates `raw` with zod; the first issue becomes a 400 `parameter_invalid` naming the field. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown, root = "body"): z.output<S> {
  const res = schema.safeParse(raw);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : root;
  throw invalid(field, issue ? describeIssue(field, issue) : `${field} is invalid`, "parameter_invalid");
}

function describeIssue(field: string, issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    if (/received undefined$/.test(issue.message)) return `${field} is required`;
    const expected = issue.expected === "int" ? "an integer" : /^[aeiou]/.test(issue.expected) ? `an ${issue.expected}` : `a ${issue.expected}`;
    return `${field} must be ${expected}`;
  }
  return `${field}: ${issue.message}`;
}

/** The raw body as text, refusing more than MAX_BODY_BYTES without buffering it all. */
async function readText(c: Context): Promise<string> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) return "";
  const text = await readCapped(body, MAX_BODY_BYTES);
  if (text === undefined) throw tooLarge();
  return text;
}
