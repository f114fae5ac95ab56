import type { Ctx } from "../context.js";
import { prepared } from "../db/prepared.js";
import { sessions, type Utm } from "../db/schema/index.js";
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
  const last = q.last.get(contactId);
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

interface LastSession {
  id: string;
  lastSeenAt: number;
  startedAt: number;
}

/**
 * Plain better-sqlite3 statements, prepared once per connection: every browser message runs one or two of
 * these, and drizzle's row mapping cost more than the queries themselves.
 */
function statements(ctx: Ctx) {
  return prepared(ctx.db, "sessions", (db) => {
    const c = db.$client;
    return {
      last: c.prepare<[string], LastSession>(
        "SELECT id, last_seen_at AS lastSeenAt, started_at AS startedAt FROM sessions WHERE contact_id = ? ORDER BY last_seen_at DESC LIMIT 1",
      ),
      extend: c.prepare("UPDATE sessions SET last_seen_at = max(last_seen_at, @at), page_views = page_views + @views WHERE id = @id"),
      open: c.prepare(`INSERT INTO sessions (id, workspace_id, contact_id, started_at, last_seen_at, page_views, ip, user_agent, referrer,
        utm_source, utm_medium, utm_campaign) VALUES (@id, @ws, @contact, @at, @at, @views, @ip, @ua, @referrer, @source, @medium, @campaign)`),
      count: c.prepare("UPDATE contacts SET session_count = session_count + 1 WHERE id = @contact"),
    };
  });
}
