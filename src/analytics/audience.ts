import type { Database } from "better-sqlite3";
import { DAY } from "../lib/clock.js";
import type { Range } from "./funnel-inputs.js";

/** A report as columns and rows: the page renders it, the CSV export writes it. */
export interface Table {
  columns: string[];
  rows: (string | number | null)[][];
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Monday-based UTC week number: day 0 (1970-01-01) was a Thursday, so shift by 3 days. */
export const WEEK_SQL = (col: string) => `((${col} / ${DAY} + 3) / 7)`;
export const weekStart = (week: number) => (week * 7 - 3) * DAY;
/** When a contact signed up: the product's signed_up_at for users, else when Parley first saw them. */
export const SIGNUP_SQL = "coalesce(c.signed_up_at, c.created_at)";
/** Activity = any event or page view (sessions only exist for browser traffic). */
const ACTIVITY = (ws: string, from: number, to: number) => ({
  text: "SELECT contact_id, created_at FROM events WHERE workspace_id = ? AND created_at >= ? AND created_at < ? " +
    "UNION ALL SELECT contact_id, created_at FROM page_views WHERE workspace_id = ? AND created_at >= ? AND created_at < ?",
  params: [ws, from, to, ws, from, to],
});

/** Every UTC day of the range, so empty days show as zeros. */
function days(range: Range): number[] {
  const out: number[] = [];
  for (let d = Math.floor(range.from / DAY) * DAY; d < range.to; d += DAY) out.push(d);
  return out;
}

/** Sign-ups per UTC day, users and leads apart (archived contacts left out). */
export function signupsPerDay(db: Database, ws: string, range: Range): Table {
  const rows = db
    .prepare(`SELECT ${SIGNUP_SQL} / ${DAY} AS d, c.role AS role, count(*) AS n FROM contacts c WHERE c.workspace_id = ? AND c.archived = 0 AND ${SIGNUP_SQL} >= ? AND ${SIGNUP_SQL} < ? GROUP BY d, role`)
    .all(ws, range.from, range.to) as { d: number; role: string; n: number }[];
  const by = new Map<string, number>(rows.map((r) => [`${r.d * DAY}:${r.role}`, r.n]));
  return {
    columns: ["day", "users", "leads"],
    rows: days(range).map((d) => [dayOf(d), by.get(`${d}:user`) ?? 0, by.get(`${d}:lead`) ?? 0]),
  };
}

/** Distinct active contacts per UTC day and per Monday-based week of the range. */
export function activeContacts(db: Database, ws: string, range: Range): { daily: Table; weekly: Table } {
  const a = ACTIVITY(ws, range.from, range.to);
  const daily = db.prepare(`SELECT created_at / ${DAY} AS d, count(DISTINCT contact_id) AS n FROM (${a.text}) GROUP BY d`).all(...a.params) as { d: number; n: number }[];
  const weekly = db.prepare(`SELECT ${WEEK_SQL("created_at")} AS w, count(DISTINCT contact_id) AS n FROM (${a.text}) GROUP BY w ORDER BY w`).all(...a.params) as { w: number; n: number }[];
  const perDay = new Map(daily.map((r) => [r.d * DAY, r.n]));
  return {
    daily: { columns: ["day", "active_contacts"], rows: days(range).map((d) => [dayOf(d), perDay.get(d) ?? 0]) },
    weekly: { columns: ["week_starting", "active_contacts"], rows: weekly.map((r) => [dayOf(weekStart(r.w)), r.n]) },
  };
}

/** The 20 most frequent events of the range, with how many contacts performed each. */
export function topEvents(db: Database, ws: string, range: Range): Table {
  const rows = db
    .prepare("SELECT name, count(*) AS n, count(DISTINCT contact_id) AS contacts FROM events WHERE workspace_id = ? AND created_at >= ? AND created_at < ? GROUP BY name ORDER BY n DESC, name LIMIT 20")
    .all(ws, range.from, range.to) as { name: string; n: number; contacts: number }[];
  return { columns: ["event", "count", "contacts"], rows: rows.map((r) => [r.name, r.n, r.contacts]) };
}

/** Contacts who signed up in the range by first-touch UTM source / medium / campaign (top 50). */
export function utmSources(db: Database, ws: string, range: Range): Table {
  const rows = db
    .prepare(
      `SELECT json_extract(c.first_utm, '$.source') AS s, json_extract(c.first_utm, '$.medium') AS m, json_extract(c.first_utm, '$.campaign') AS k, count(*) AS n
       FROM contacts c WHERE c.workspace_id = ? AND c.archived = 0 AND ${SIGNUP_SQL} >= ? AND ${SIGNUP_SQL} < ? GROUP BY s, m, k ORDER BY n DESC, s LIMIT 50`,
    )
    .all(ws, range.from, range.to) as { s: string | null; m: string | null; k: string | null; n: number }[];
  return { columns: ["utm_source", "utm_medium", "utm_campaign", "contacts"], rows: rows.map((r) => [r.s, r.m, r.k, r.n]) };
}

/** Sessions started in the range by referrer host ("(direct)" without one), top 50. */
export function referrers(db: Database, ws: string, range: Range): Table {
  const rows = db
    .prepare("SELECT referrer AS r, count(*) AS n, count(DISTINCT contact_id) AS contacts FROM sessions WHERE workspace_id = ? AND started_at >= ? AND started_at < ? GROUP BY referrer ORDER BY n DESC LIMIT 5000")
    .all(ws, range.from, range.to) as { r: string | null; n: number; contacts: number }[];
  const byHost = new Map<string, { n: number; contacts: number }>();
  for (const r of rows) {
    const host = hostOf(r.r);
    const cur = byHost.get(host) ?? { n: 0, contacts: 0 };
    // Contacts are distinct per referrer URL; summed per host they may count a contact twice (noted in the header).
    byHost.set(host, { n: cur.n + r.n, contacts: cur.contacts + r.contacts });
  }
  const sorted = [...byHost.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0])).slice(0, 50);
  return { columns: ["referrer", "sessions", "contacts_at_most"], rows: sorted.map(([h, v]) => [h, v.n, v.contacts]) };
}

function hostOf(ref: string | null): string {
  if (!ref) return "(direct)";
  try {
    return new URL(ref).host || ref;
  } catch {
    return ref.slice(0, 200);
  }
}
