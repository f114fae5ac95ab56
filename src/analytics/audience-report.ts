import type { Database } from "better-sqlite3";
import { csvLine } from "../lib/csv.js";
import { activeContacts, referrers, signupsPerDay, topEvents, utmSources, type Table } from "./audience.js";
import { weeklyCohorts } from "./cohorts.js";
import type { Range } from "./funnel-inputs.js";

export const AUDIENCE_TABLES = ["signups", "active-daily", "active-weekly", "cohorts", "events", "utm", "referrers"] as const;
export type AudienceTable = (typeof AUDIENCE_TABLES)[number];
export type AudienceReport = Record<AudienceTable, Table>;

/** Every audience table for a range: a pure function of (db, workspace, range, now). */
export function audienceReport(db: Database, ws: string, range: Range, now: number): AudienceReport {
  const active = activeContacts(db, ws, range);
  return {
    signups: signupsPerDay(db, ws, range),
    "active-daily": active.daily,
    "active-weekly": active.weekly,
    cohorts: weeklyCohorts(db, ws, range, now),
    events: topEvents(db, ws, range),
    utm: utmSources(db, ws, range),
    referrers: referrers(db, ws, range),
  };
}

/** A table as RFC 4180 CSV with a header line (cells that look like formulas are neutralised). */
export function tableCsv(t: Table): string {
  return csvLine(t.columns) + t.rows.map((r) => csvLine(r)).join("");
}
