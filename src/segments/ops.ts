import { toEpochMs } from "../attributes/index.js";
import { DAY } from "../lib/clock.js";
import type { Field } from "./fields.js";
import { ATTRIBUTE_OPS, fail, type AttributeOp } from "./inputs.js";
import { ago, q, type Frag } from "./sql.js";

/** A compiled comparison: `test` is 0 or 1, never NULL, so groups and negations stay two-valued. */
export interface Predicate {
  test: Frag;
  /**
   * Day/hour offsets (ms) of thresholds of the form `now - offset` on the field's value: the result can change
   * with time alone only when the value crosses one of them. Empty for comparisons time cannot change.
   */
  offsets: number[];
}

/** Ops true for a contact without the value; companies compile them as "no company has the positive op". */
export const NEGATED: Partial<Record<AttributeOp, AttributeOp>> = { ne: "eq", not_contains: "contains", is_not_set: "is_set" };

const MAX_DAYS = 36_500;

/**
 * Compiles `field op value`. String comparisons ignore ASCII case on both sides (SQLite's lower/LIKE), so the
 * lower(email) index serves `email eq`. Day counts are exact multiples of 24 h from now: no calendar, no time zone.
 */
export function predicate(field: Field, op: AttributeOp, value: unknown, path: string): Predicate {
  const allowed: readonly string[] = ATTRIBUTE_OPS[field.type];
  if (!allowed.includes(op)) throw fail(`${path}.op`, `'${op}' does not apply to a ${field.type} attribute; use one of ${allowed.join(", ")}`);
  const x = field.expr;
  if (op === "is_set" || op === "is_not_set") {
    noValue(value, op, path);
    const set = field.type === "string" ? q`coalesce(${x} <> '', 0)` : q`(${x} IS NOT NULL)`;
    return still(op === "is_set" ? set : q`NOT ${set}`);
  }
  switch (field.type) {
    case "string": return still(stringTest(x, op, need(value, "string", path)));
    case "number": return still(numberTest(x, op, need(value, "number", path)));
    case "boolean": return still(q`coalesce(${x} = ${need(value, "boolean", path) ? 1 : 0}, 0)`);
    case "date": return dateTest(x, op, value, path);
  }
}

function stringTest(x: Frag, op: AttributeOp, v: string): Frag {
  const like = (pattern: string, negate: boolean) => (negate ? q`coalesce(${x} NOT LIKE ${pattern} ESCAPE '\\', 1)` : q`coalesce(${x} LIKE ${pattern} ESCAPE '\\', 0)`);
  const lit = v.replace(/[\\%_]/g, "\\$&");
  switch (op) {
    case "eq": return q`coalesce(lower(${x}) = lower(${v}), 0)`;
    case "ne": return q`coalesce(lower(${x}) <> lower(${v}), 1)`;
    case "contains": return like(`%${lit}%`, false);
    case "not_contains": return like(`%${lit}%`, true);
    case "starts_with": return like(`${lit}%`, false);
    default: return like(`%${lit}`, false);
  }
}

function numberTest(x: Frag, op: AttributeOp, v: number): Frag {
  switch (op) {
    case "eq": return q`coalesce(${x} = ${v}, 0)`;
    case "ne": return q`coalesce(${x} <> ${v}, 1)`;
    case "gt": return q`coalesce(${x} > ${v}, 0)`;
    case "gte": return q`coalesce(${x} >= ${v}, 0)`;
    case "lt": return q`coalesce(${x} < ${v}, 0)`;
    default: return q`coalesce(${x} <= ${v}, 0)`;
  }
}

function dateTest(x: Frag, op: AttributeOp, value: unknown, path: string): Predicate {
  if (op === "before" || op === "after") {
    const at = toEpochMs(value);
    if (at === undefined) throw fail(`${path}.value`, "must be a date (unix seconds or ISO 8601)");
    return still(op === "before" ? q`coalesce(${x} < ${at}, 0)` : q`coalesce(${x} > ${at}, 0)`);
  }
  const days = need(value, "number", path);
  if (!Number.isInteger(days) || days < 0 || days > MAX_DAYS) throw fail(`${path}.value`, `must be a whole number of days between 0 and ${MAX_DAYS}`);
  const span = days * DAY;
  if (op === "more_than_days_ago") return { test: q`coalesce(${x} < ${ago(span)}, 0)`, offsets: [span] };
  if (op === "less_than_days_ago") return { test: q`coalesce(${x} > ${ago(span)}, 0)`, offsets: [span] };
  // exactly N days ago: within the 24 hours that end N days before now.
  return { test: q`coalesce(${x} > ${ago(span + DAY)} AND ${x} <= ${ago(span)}, 0)`, offsets: [span, span + DAY] };
}

function still(test: Frag): Predicate {
  return { test, offsets: [] };
}

function need(value: unknown, type: "string", path: string): string;
function need(value: unknown, type: "number", path: string): number;
function need(value: unknown, type: "boolean", path: string): boolean;
function need(value: unknown, type: "string" | "number" | "boolean", path: string): unknown {
  if (value === undefined) throw fail(`${path}.value`, "is required");
  if (typeof value !== type || (type === "number" && !Number.isFinite(value))) throw fail(`${path}.value`, `must be a ${type}`);
  return value;
}

function noValue(value: unknown, op: string, path: string): void {
  if (value !== undefined) throw fail(`${path}.value`, `is not used with op ${op}`);
}
