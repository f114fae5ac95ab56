import type { Attrs } from "../db/schema/index.js";

export type DataType = "string" | "integer" | "float" | "boolean" | "date" | "options";
export type Model = "contact" | "company";

/** A raw incoming value before typing. */
export type RawValue = unknown;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Names Intercom forbids in attribute names. */
export function checkAttributeName(name: string, field: string): string | undefined {
  if (name.length === 0 || name.length > 190) return `${field}: attribute names must be 1-190 characters`;
  if (/[.$[\]]/.test(name)) return `${field}: attribute names may not contain '.', '$', '[' or ']'`;
  return undefined;
}

/** Guesses a type for an attribute seen for the first time. */
export function inferType(name: string, value: string | number | boolean): DataType {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") {
    if (/(_at|_date)$/.test(name) && Number.isInteger(value) && value > 0) return "date";
    return Number.isInteger(value) ? "integer" : "float";
  }
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? "date" : "string";
}

/** Unix seconds, milliseconds or an ISO string → epoch milliseconds; undefined if not a date. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  if (typeof value === "string") {
    if (/^\d+$/.test(value)) return toEpochMs(Number(value));
    if (!ISO_DATE.test(value)) return undefined;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Coerces `value` to `type`; returns an error message instead of throwing. */
export function coerceValue(type: DataType, value: string | number | boolean, options?: string[] | null): { ok: true; value: string | number | boolean } | { ok: false; reason: string } {
  switch (type) {
    case "string":
      return typeof value === "string" ? { ok: true, value } : { ok: false, reason: "must be a string" };
    case "options":
      if (typeof value !== "string") return { ok: false, reason: "must be a string" };
      return !options || options.includes(value) ? { ok: true, value } : { ok: false, reason: `must be one of ${options.join(", ")}` };
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? { ok: true, value } : { ok: false, reason: "must be an integer" };
    case "float":
      return typeof value === "number" && Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: "must be a number" };
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : { ok: false, reason: "must be a boolean" };
    case "date": {
      const ms = toEpochMs(value);
      return ms === undefined ? { ok: false, reason: "must be a date (unix seconds or ISO 8601)" } : { ok: true, value: ms };
    }
  }
}

/**
 * Flattens nested objects with `_` (Intercom accepts only flat values); arrays become comma-joined strings.
 * Used for Segment traits and event properties.
 */
export function flatten(input: Record<string, unknown>, prefix = "", out: Record<string, unknown> = {}, depth = 0): Record<string, unknown> {
  for (const [k, v] of Object.entries(input)) {
    const key = prefix ? `${prefix}_${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && depth < 4) flatten(v as Record<string, unknown>, key, out, depth + 1);
    else if (Array.isArray(v)) out[key] = v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(",");
    else out[key] = v;
  }
  return out;
}

export type { Attrs };
