import { and, eq, gte, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contacts, events } from "../db/schema/index.js";
import type { Workspace } from "./tokens.js";

export interface WorkspaceStats {
  users: number;
  leads: number;
  eventsToday: number;
  /** False until the first contact or event arrives: the home page then shows the install steps. */
  hasData: boolean;
}

/** Headline counts for the home dashboard; "today" starts at midnight in the workspace's time zone. */
export function workspaceStats(ctx: Ctx, ws: Workspace): WorkspaceStats {
  const byRole = ctx.db
    .select({ role: contacts.role, n: sql<number>`count(*)` })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ws.id), eq(contacts.archived, false)))
    .groupBy(contacts.role)
    .all();
  const users = byRole.find((r) => r.role === "user")?.n ?? 0;
  const leads = byRole.find((r) => r.role === "lead")?.n ?? 0;
  const since = startOfDay(ctx.clock.now(), ws.timezone);
  const eventsToday =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(events)
      .where(and(eq(events.workspaceId, ws.id), gte(events.createdAt, since)))
      .get()?.n ?? 0;
  const anyEvent = eventsToday > 0 || ctx.db.select({ id: events.id }).from(events).where(eq(events.workspaceId, ws.id)).limit(1).get();
  return { users, leads, eventsToday, hasData: users + leads > 0 || Boolean(anyEvent) };
}

/** Epoch ms of the last midnight in `timeZone` (UTC when the zone is unknown). */
export function startOfDay(now: number, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(now);
  } catch {
    return now - (now % 86_400_000);
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallAsUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const offset = wallAsUtc - (now - (now % 1000));
  return Date.UTC(get("year"), get("month") - 1, get("day")) - offset;
}
