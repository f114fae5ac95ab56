import type { FunnelDefinition, FunnelStep, WhereFilter } from "./funnel-inputs.js";

/** A SQL text with its positional parameters. */
export interface Sql {
  text: string;
  params: unknown[];
}

/** `$."key"` with the key quoted, so dots and spaces in metadata keys stay one key. */
function jsonPath(key: string): string {
  return `$."${key}"`;
}

/**
 * One metadata filter as a predicate on `m.metadata`. Numbers compare numerically, anything else as text;
 * negative ops (ne, not_contains) also match events without the key, as in segments.
 */
function wherePredicate(w: WhereFilter): Sql {
  const field = `json_extract(m.metadata, ?)`;
  const p = [jsonPath(w.key)];
  const v = typeof w.value === "boolean" ? (w.value ? 1 : 0) : w.value ?? "";
  const text = `CAST(${field} AS TEXT)`;
  switch (w.op) {
    case "is_set": return { text: `${field} IS NOT NULL`, params: p };
    case "is_not_set": return { text: `${field} IS NULL`, params: p };
    case "eq": return typeof v === "number" ? { text: `${field} = ?`, params: [...p, v] } : { text: `${text} = ?`, params: [...p, String(v)] };
    case "ne": return { text: `(${field} IS NULL OR ${text} <> ?)`, params: [...p, ...p, String(v)] };
    case "contains": return { text: `instr(lower(${text}), lower(?)) > 0`, params: [...p, String(v)] };
    case "not_contains": return { text: `(${field} IS NULL OR instr(lower(${text}), lower(?)) = 0)`, params: [...p, ...p, String(v)] };
    case "starts_with": return { text: `substr(lower(${text}), 1, length(?)) = lower(?)`, params: [...p, String(v), String(v)] };
    case "ends_with": return { text: `substr(lower(${text}), -length(?)) = lower(?)`, params: [...p, String(v), String(v)] };
    default: {
      const cmp = { gt: ">", gte: ">=", lt: "<", lte: "<=" }[w.op];
      return { text: `CAST(${field} AS REAL) ${cmp} ?`, params: [...p, Number(v)] };
    }
  }
}

/**
 * Where one step's occurrences live: a table aliased `m` (with `contact_id`, `created_at`) and the predicate that
 * picks this step's rows there. Page views match the URL with GLOB (`*` any run of characters; other glob
 * characters are taken literally); conversations count when the contact started them.
 */
function stepTable(step: FunnelStep): { table: string; where: Sql } {
  if (step.kind === "conversation") return { table: "conversations m", where: { text: "m.delivered_as = 'customer_initiated'", params: [] } };
  if (step.kind === "page") return { table: "page_views m", where: { text: "m.url GLOB ?", params: [step.url.replace(/[[\]?]/g, (ch) => `[${ch}]`)] } };
  const filters = (step.where ?? []).map(wherePredicate);
  return { table: "events m", where: { text: ["m.name = ?", ...filters.map((f) => f.text)].join(" AND "), params: [step.event, ...filters.flatMap((f) => f.params)] } };
}

/** Occurrences of a step in the workspace in [from, to): `SELECT contact_id, created_at` (the first step's entries). */
export function stepInRange(ws: string, step: FunnelStep, from: number, to: number): Sql {
  const s = stepTable(step);
  return {
    text: `SELECT m.contact_id, m.created_at FROM ${s.table} WHERE m.workspace_id = ? AND ${s.where.text} AND m.created_at >= ? AND m.created_at < ?`,
    params: [ws, ...s.where.params, from, to],
  };
}

/**
 * Occurrences of a step by the contacts that entered the funnel, after their entry and within the window:
 * `SELECT contact_id, created_at` probed per contact (events_contact_name_time, page_views_contact_time), so the
 * cost follows the entrants and not every occurrence in the workspace. No workspace_id test: the contact id
 * already belongs to one workspace, and the test would steer SQLite to the workspace-wide index.
 */
export function stepAfterEntry(step: FunnelStep, windowMs: number, now: number): Sql {
  const s = stepTable(step);
  return {
    text: `SELECT r.contact_id, m.created_at FROM funnel_reach r JOIN ${s.table} ON m.contact_id = r.contact_id AND ${s.where.text}
      AND m.created_at > r.t AND m.created_at <= r.t + ? AND m.created_at <= ? WHERE r.step = 1`,
    params: [...s.where.params, windowMs, now],
  };
}

/** The SQL expression (on contacts `c`) a breakdown groups by. */
export function breakdownExpr(breakdown: NonNullable<FunnelDefinition["breakdown"]>): Sql {
  const utm = /^(first|last)_utm\.(source|campaign)$/.exec(breakdown);
  if (utm) return { text: `json_extract(c.${utm[1]}_utm, ?)`, params: [`$.${utm[2]}`] };
  if (breakdown.startsWith("custom.")) return { text: "json_extract(c.custom_attributes, ?)", params: [jsonPath(breakdown.slice(7))] };
  // The fixed names are a closed list (zod), so they are safe column names.
  return { text: `c.${breakdown}`, params: [] };
}
