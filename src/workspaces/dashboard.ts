import { and, eq, gte, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contacts } from "../db/schema/index.js";
import { startOfDay } from "./stats.js";
import type { Workspace } from "./tokens.js";

/** New contacts of one calendar day (in the workspace's time zone). */
export interface SignupDay {
  /** `YYYY-MM-DD` in the workspace's time zone. */
  day: string;
  start: number;
  users: number;
  leads: number;
}

/**
 * Contacts first seen on each of the last `days` days, split by role, oldest day first. Day boundaries are real
 * local midnights (DST-aware), bucketed in SQL over the (workspace_id, created_at) index range.
 */
export function signupsByDay(ctx: Ctx, ws: Workspace, days = 30): SignupDay[] {
  const starts: number[] = [startOfDay(ctx.clock.now(), ws.timezone)];
  while (starts.length < days) starts.unshift(startOfDay(starts[0]! - 1, ws.timezone));
  const bucket = sql.join([sql`CASE`, ...starts.slice(1).map((s, i) => sql` WHEN ${contacts.createdAt} < ${s} THEN ${i}`), sql` ELSE ${days - 1} END`]);
  const rows = ctx.db
    .select({ b: sql<number>`${bucket}`, role: contacts.role, n: sql<number>`count(*)` })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ws.id), gte(contacts.createdAt, starts[0]!), eq(contacts.archived, false)))
    .groupBy(sql`1`, contacts.role)
    .all();
  const out = starts.map((start) => ({ day: localDate(start, ws.timezone), start, users: 0, leads: 0 }));
  for (const r of rows) {
    const d = out[r.b];
    if (d) d[r.role === "user" ? "users" : "leads"] += r.n;
  }
  return out;
}

function localDate(ms: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}
