import { desc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
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

/**
 * Extends the contact's current session or opens a new one after the idle gap, counting it on the contact.
 * Returns the session id. Runs inside the caller's transaction.
 */
export function touchSession(ctx: Ctx, contactId: string, workspaceId: string, visit: Visit): string {
  const idle = ctx.config.SESSION_IDLE_MINUTES * MINUTE;
  const last = ctx.db
    .select({ id: sessions.id, lastSeenAt: sessions.lastSeenAt, startedAt: sessions.startedAt })
    .from(sessions)
    .where(eq(sessions.contactId, contactId))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(1)
    .get();
  const views = visit.pageView ? 1 : 0;
  if (last && visit.at >= last.startedAt && visit.at - last.lastSeenAt < idle) {
    ctx.db
      .update(sessions)
      .set({ lastSeenAt: sql`max(${sessions.lastSeenAt}, ${visit.at})`, pageViews: sql`${sessions.pageViews} + ${views}` })
      .where(eq(sessions.id, last.id))
      .run();
    return last.id;
  }
  const id = newId("ses", visit.at);
  ctx.db.insert(sessions).values({
    id, workspaceId, contactId, startedAt: visit.at, lastSeenAt: visit.at, pageViews: views,
    ip: visit.ip ?? null, userAgent: visit.userAgent?.slice(0, 512) ?? null, referrer: visit.utm?.referrer ?? null,
    utmSource: visit.utm?.source ?? null, utmMedium: visit.utm?.medium ?? null, utmCampaign: visit.utm?.campaign ?? null,
  }).run();
  ctx.db.update(contacts).set({ sessionCount: sql`${contacts.sessionCount} + 1` }).where(eq(contacts.id, contactId)).run();
  return id;
}

/** Opens a new session unconditionally (legacy `new_session: true`), counting it on the contact. */
export function startSession(ctx: Ctx, contactId: string, workspaceId: string, at: number): string {
  const id = newId("ses", at);
  ctx.db.insert(sessions).values({ id, workspaceId, contactId, startedAt: at, lastSeenAt: at }).run();
  ctx.db.update(contacts).set({ sessionCount: sql`${contacts.sessionCount} + 1` }).where(eq(contacts.id, contactId)).run();
  return id;
}
