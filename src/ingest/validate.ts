import type { z } from "zod";
import { fastParse } from "./fast-parse.js";
import { MESSAGE_TYPES, messageSchemas, type MessageType, type SegmentMessage } from "./inputs.js";

export type Parsed = { ok: true; msg: SegmentMessage } | { ok: false; field: string; message: string };

const TYPES = new Set<string>(MESSAGE_TYPES);

/**
 * Checks one message against its type's schema. `type` comes from the path for single-message
 * endpoints (the body's own `type` is then optional) and from the message inside a batch.
 */
export function parseMessage(raw: unknown, pathType?: MessageType): Parsed {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, field: "message", message: "message must be a JSON object" };
  const given = (raw as { type?: unknown }).type;
  const type = pathType ?? given;
  if (typeof type !== "string" || !TYPES.has(type)) {
    return { ok: false, field: "type", message: `type must be one of ${MESSAGE_TYPES.join(", ")}` };
  }
  let msg = fastParse(raw as Record<string, unknown>, type as MessageType);
  if (!msg) {
    const res = messageSchemas[type as MessageType].safeParse(raw, { reportInput: true });
    if (!res.success) return { ok: false, ...describe(res.error.issues[0]!) };
    msg = { ...res.data, type } as SegmentMessage;
  }
  if (type !== "alias" && !msg.userId && !msg.anonymousId) {
    return { ok: false, field: "userId", message: "userId or anonymousId is required" };
  }
  return { ok: true, msg };
}

/** A message naming the field, phrased for API users rather than in zod's words. */
function describe(issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = issue.path.map(String).join(".") || "message";
  switch (issue.code) {
    case "invalid_type":
      return { field, message: issue.input === undefined ? `${field} is required` : `${field} must be ${article(issue.expected)}` };
    case "too_big":
      return { field, message: `${field} must be at most ${String(issue.maximum)} ${issue.origin === "array" ? "items" : "characters"}` };
    case "too_small":
      return { field, message: issue.origin === "string" ? `${field} must not be empty` : `${field} ${issue.message}` };
    case "invalid_union":
      return { field, message: `${field} has the wrong type` };
    default:
      return { field, message: `${field} ${issue.message}` };
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
