import { compileQueryTree } from "../lib/search-query.js";
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { toEpochMs } from "../attributes/index.js";
import type { Ctx } from "../context.js";
import { invalid } from "../lib/errors.js";
import { dayOf } from "./search-dates.js";
import { SEARCH_OPERATORS, resolveContactField, TYPE_OPERATORS, type ContactField, type FieldType, type SearchOperator } from "./search-fields.js";

/** Where a search runs: the workspace, and its time zone for calendar-day date comparisons. */
export interface SearchScope {
  workspaceId: string;
  timeZone: string;
}

type Value = string | number;

const MAX_LIST = 1000;

/**
 * Compiles an Intercom search query (COMPAT §2.8) into a condition on `contacts`.
 * Any problem is a VALIDATION error naming its path, e.g. `query.value[1].operator`.
 */
export function compileContactSearch(ctx: Ctx, scope: SearchScope, query: unknown, path = "query"): SQL {
  return compileQueryTree(query, path, (n, p) => compileFilter(ctx, scope, n, p));
}


function compileFilter(ctx: Ctx, scope: SearchScope, n: Record<string, unknown>, path: string): SQL {
  if (typeof n.field !== "string" || n.field === "") throw invalid(`${path}.field`, `${path}.field must be a non-empty string`);
  const field = resolveContactField(ctx, scope.workspaceId, n.field, `${path}.field`);
  const op = typeof n.operator === "string" ? n.operator.toUpperCase() : undefined;
  if (!op || !(SEARCH_OPERATORS as readonly string[]).includes(op)) {
    throw invalid(`${path}.operator`, `${path}.operator must be one of ${SEARCH_OPERATORS.join(" ")}`);
  }
  return compileCondition(field, op as SearchOperator, n.value, scope.timeZone, path);
}

/** One `field operator value` condition, checked against the field's type (reused by segment conditions). */
export function compileCondition(field: ContactField, op: SearchOperator, value: unknown, timeZone: string, path: string): SQL {
  const allowed = field.operators ?? TYPE_OPERATORS[field.type];
  if (!allowed.includes(op)) throw invalid(`${path}.operator`, `${path}.operator '${op}' is not allowed here; use one of ${allowed.join(" ")}`);
  if (value === null && !field.compile) {
    if (op === "=") return sql`${field.expr} IS NULL`;
    if (op === "!=") return sql`${field.expr} IS NOT NULL`;
    throw invalid(`${path}.value`, `${path}.value can only be null with = or !=`);
  }
  const list = op === "IN" || op === "NIN";
  if (list && (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST)) {
    throw invalid(`${path}.value`, `${path}.value must be a non-empty array (at most ${MAX_LIST} items) for ${op}`);
  }
  if (!list && Array.isArray(value)) throw invalid(`${path}.value`, `${path}.value must not be an array for ${op}`);
  const raw: unknown[] = list ? (value as unknown[]) : [value];
  const values = raw.map((v, i) => coerce(field.type, v, list ? `${path}.value[${i}]` : `${path}.value`));
  if (field.compile) return field.compile(op, values);
  if (field.type === "date") return dateCondition(field.expr, op, values[0] as number, timeZone);
  return scalarCondition(field, op, values);
}

/** A search value in the field's type; booleans become 1/0 as SQLite stores them. */
function coerce(type: FieldType, v: unknown, path: string): Value {
  const numeric = typeof v === "number" ? v : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined;
  switch (type) {
    case "string":
      if (typeof v === "string") return v;
      if (typeof v === "number" && Number.isFinite(v)) return String(v);
      throw invalid(path, `${path} must be a string`);
    case "integer":
      if (numeric !== undefined && Number.isInteger(numeric)) return numeric;
      throw invalid(path, `${path} must be an integer`);
    case "float":
      if (numeric !== undefined && Number.isFinite(numeric)) return numeric;
      throw invalid(path, `${path} must be a number`);
    case "boolean":
      if (v === true || v === "true") return 1;
      if (v === false || v === "false") return 0;
      throw invalid(path, `${path} must be a boolean`);
    case "date": {
      const ms = numeric !== undefined && numeric >= 0 ? toEpochMs(numeric) : undefined;
      if (ms === undefined) throw invalid(path, `${path} must be a date in unix seconds`);
      return ms;
    }
  }
}

/** Dates compare by calendar day in the workspace zone: `>` starts at the next day, `<` before the day. */
function dateCondition(expr: SQL | SQLiteColumn, op: SearchOperator, at: number, timeZone: string): SQL {
  const day = dayOf(at, timeZone);
  if (op === ">") return sql`${expr} >= ${day.end}`;
  if (op === "<") return sql`${expr} < ${day.start}`;
  return sql`(${expr} >= ${day.start} AND ${expr} < ${day.end})`;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function scalarCondition(field: ContactField, op: SearchOperator, raw: Value[]): SQL {
  const expr = field.caseless ? sql`lower(${field.expr})` : field.expr;
  const values = field.caseless ? raw.map((v) => (typeof v === "string" ? v.toLowerCase() : v)) : raw;
  const v = values[0]!;
  const like = (pattern: string) => sql`${expr} LIKE ${pattern} ESCAPE '\\'`;
  const inList = sql.join(values.map((x) => sql`${x}`), sql`, `);
  switch (op) {
    case "=": return sql`${expr} = ${v}`;
    // "Not equal" includes contacts with no value, as "unknown" is not equal to anything.
    case "!=": return sql`${expr} IS NOT ${v}`;
    case "IN": return sql`${expr} IN (${inList})`;
    case "NIN": return sql`(${expr} IS NULL OR ${expr} NOT IN (${inList}))`;
    case ">": return sql`${expr} > ${v}`;
    case "<": return sql`${expr} < ${v}`;
    case ">=": return sql`${expr} >= ${v}`;
    case "<=": return sql`${expr} <= ${v}`;
    case "~": return like(`%${likeEscape(String(v))}%`);
    case "!~": return sql`(${expr} IS NULL OR NOT (${like(`%${likeEscape(String(v))}%`)}))`;
    case "^": return like(`${likeEscape(String(v))}%`);
    case "$": return like(`%${likeEscape(String(v))}`);
  }
}
