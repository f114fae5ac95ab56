import { and, count, desc, eq, gte } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contacts, mergeLog, sessions } from "../db/schema/index.js";
import { MINUTE } from "../lib/clock.js";
import type { Contact } from "./queries.js";

/** A contact counts as online while seen within this window (Intercom shows its green dot the same way). */
export const ONLINE_WINDOW = 5 * MINUTE;

/** True when the contact was seen, or its latest session was active, within the last five minutes. */
export function isOnline(ctx: Ctx, contact: Contact): boolean {
  const since = ctx.clock.now() - ONLINE_WINDOW;
  if (contact.lastSeenAt !== null && contact.lastSeenAt >= since) return true;
  const live = ctx.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.contactId, contact.id), gte(sessions.lastSeenAt, since)))
    .limit(1)
    .get();
  return live !== undefined;
}

/** Contacts of a workspace seen within the online window (served by the (workspace_id, last_seen_at) index). */
export function countOnline(ctx: Ctx, workspaceId: string): number {
  const since = ctx.clock.now() - ONLINE_WINDOW;
  return ctx.db
    .select({ n: count() })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), gte(contacts.lastSeenAt, since), eq(contacts.archived, false)))
    .get()?.n ?? 0;
}

/** One lead merged into this contact: when, why, and who it was (from the snapshot taken at merge time). */
export interface MergeEntry {
  id: string;
  fromContactId: string;
  reason: string;
  at: number;
  name: string | null;
  email: string | null;
}

/** The contacts merged into this one, newest first. */
export function listMergeHistory(ctx: Ctx, workspaceId: string, contactId: string): MergeEntry[] {
  return ctx.db
    .select()
    .from(mergeLog)
    .where(and(eq(mergeLog.workspaceId, workspaceId), eq(mergeLog.intoContactId, contactId)))
    .orderBy(desc(mergeLog.createdAt), desc(mergeLog.id))
    .limit(100)
    .all()
    .map((m) => ({
      id: m.id, fromContactId: m.fromContactId, reason: m.reason, at: m.createdAt,
      name: typeof m.snapshot.name === "string" ? m.snapshot.name : null,
      email: typeof m.snapshot.email === "string" ? m.snapshot.email : null,
    }));
}
