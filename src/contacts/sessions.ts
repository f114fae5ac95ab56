import { desc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { prepared } from "../db/prepared.js";
import { contacts, sessions, type Utm } from "../db/schema/index.js";
import { MINUTE } from "../lib/clock.js";
import { newId } from "../lib/ids.js";

export interface Visit {
  at: number;
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
  utm?: Utm | null | undefined;
  pageView?: boolean;
}

/** Extending a session by less than this is not written: every browser message would otherwise rewrite it. */
const EXTEND_RESOLUTION = MINUTE;

/**
 * Extends the contact's current session or opens a new one after the idle gap, counting it on the contact.
 * Returns the session id. Runs inside the caller's transaction.
 */
export function touchSession(ctx: Ctx, contactId: string, workspaceId: string, visit: Visit): string {
  const idle = ctx.config.SESSION_IDLE_MINUTES * MINUTE;
  const q = statements(ctx);
  const last = q.last.get({ contact: contactId });
  if (last && visit.at >= last.startedAt && visit.at - last.lastSeenAt < idle) {
    if (visit.pageView || visit.at - last.lastSeenAt >= EXTEND_RESOLUTION) {
      q.extend.run({ id: last.id, at: visit.at, views: visit.pageView ? 1 : 0 });
    }
    return last.id;
  }
  const id = newId("ses", visit.at);
  q.open.run({
    id, ws: workspaceId, contact: contactId, at: visit.at, views: visit.pageView ? 1 : 0,
    ip: visit.ip ?? null, ua: visit.userAgent?.slice(0, 512) ?? null, referrer: visit.utm?.referrer ?? null,
    source: visit.utm?.source ?? null, medium: visit.utm?.medium ?? null, campaign: visit.utm?.campaign ?? null,
  });
  q.count.run({ contact: contactId });
  return id;
}

/** Opens a new session unconditionally (legacy `new_session: true`), counting it on the contact. */
export function startSession(ctx: Ctx, contactId: string, workspaceId: string, at: number): string {
  const id = newId("ses", at);
  ctx.db.insert(sessions).values({ id, workspaceId, contactId, startedAt: at, lastSeenAt: at }).run();
  statements(ctx).count.run({ contact: contactId });
  return id;
}

function statements(ctx: Ctx) {
  const p = (name: string) => sql.placeholder(name);
  return prepared(ctx.db, "sessions", (db) => ({
    last: db
      .select({ id: sessions.id, lastSeenAt: sessions.lastSeenAt, startedAt: sessions.startedAt })
      .from(sessions)
      .where(eq(sessions.contactId, p("contact")))
      .orderBy(desc(sessions.lastSeenAt))
      .limit(1)
      .prepare(),
    extend: db
      .update(sessions)
      .set({ lastSeenAt: sql`max(${sessions.lastSeenAt}, ${p("at")})`, pageViews: sql`${sessions.pageViews} + ${p("views")}` })
      .where(eq(sessions.id, p("id")))
      .prepare(),
    open: db.insert(sessions).values({
      id: p("id"), workspaceId: p("ws"), contactId: p("contact"), startedAt: p("at"), lastSeenAt: p("at"), pageViews: p("views"),
      ip: p("ip"), userAgent: p("ua"), referrer: p("referrer"), utmSource: p("source"), utmMedium: p("medium"), utmCampaign: p("campaign"),
    }).prepare(),
    count: db.update(contacts).set({ sessionCount: sql`${contacts.sessionCount} + 1` }).where(eq(contacts.id, p("contact"))).prepare(),
  }));
}
