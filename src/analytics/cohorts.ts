import type { Database } from "better-sqlite3";
import { DAY } from "../lib/clock.js";
import { SIGNUP_SQL, WEEK_SQL, weekStart, type Table } from "./audience.js";
import type { Range } from "./funnel-inputs.js";

/**
 * Weekly sign-up cohort retention. A cohort is the contacts who signed up in one Monday-based UTC week of the
 * range; "week n" is how many of them were active (an event or page view) in the n-th week after it (week 0
 * being the sign-up week itself), up to now. Columns stop at the last week that has started.
 */
export function weeklyCohorts(db: Database, ws: string, range: Range, now: number, maxWeeks = 12): Table {
  const first = Math.floor((Math.floor(range.from / DAY) + 3) / 7);
  const cohorts = db
    .prepare(`SELECT ${WEEK_SQL(SIGNUP_SQL)} AS w, count(*) AS n FROM contacts c WHERE c.workspace_id = ? AND c.archived = 0 AND ${SIGNUP_SQL} >= ? AND ${SIGNUP_SQL} < ? GROUP BY w ORDER BY w`)
    .all(ws, range.from, range.to) as { w: number; n: number }[];
  const cells = db
    .prepare(
      `WITH c AS (SELECT c.id, ${WEEK_SQL(SIGNUP_SQL)} AS w FROM contacts c WHERE c.workspace_id = ? AND c.archived = 0 AND ${SIGNUP_SQL} >= ? AND ${SIGNUP_SQL} < ?),
       a AS (SELECT contact_id, ${WEEK_SQL("created_at")} AS w FROM events WHERE workspace_id = ? AND created_at >= ? AND created_at <= ?
             UNION SELECT contact_id, ${WEEK_SQL("created_at")} FROM page_views WHERE workspace_id = ? AND created_at >= ? AND created_at <= ?)
       SELECT c.w AS cohort, a.w - c.w AS k, count(DISTINCT c.id) AS n FROM c JOIN a ON a.contact_id = c.id AND a.w >= c.w AND a.w - c.w < ? GROUP BY cohort, k`,
    )
    .all(ws, range.from, range.to, ws, weekStart(first), now, ws, weekStart(first), now, maxWeeks) as { cohort: number; k: number; n: number }[];
  const nowWeek = Math.floor((Math.floor(now / DAY) + 3) / 7);
  const width = Math.min(maxWeeks, Math.max(0, ...cohorts.map((c) => nowWeek - c.w + 1)));
  const at = new Map(cells.map((c) => [`${c.cohort}:${c.k}`, c.n]));
  return {
    columns: ["cohort_week", "contacts", ...Array.from({ length: width }, (_, k) => `week_${k}`)],
    rows: cohorts.map((c) => [
      new Date(weekStart(c.w)).toISOString().slice(0, 10), c.n,
      ...Array.from({ length: width }, (_, k) => (c.w + k > nowWeek ? null : at.get(`${c.w}:${k}`) ?? 0)),
    ]),
  };
}
