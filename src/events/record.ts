import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { eventNames, eventSummaries, events, pageViews, type Metadata } from "../db/schema/index.js";
import { newId } from "../lib/ids.js";
import { invalid } from "../lib/errors.js";

export interface EventInput {
  name: string;
  /** When it happened (ms); backdated times are honoured. */
  createdAt: number;
  metadata?: Metadata;
  /** Sender's idempotency key: a repeat is acknowledged and not stored twice. */
  messageId?: string | undefined;
  /** Intercom's rule: same contact + name + time is the same event. */
  dedupeByTime?: boolean;
}

export type RecordResult = { id: string; duplicate: false } | { id: string | null; duplicate: true };

/** Stores one event and its per-contact and workspace rollups, inside the caller's transaction. */
export function recordEvent(ctx: Ctx, workspaceId: string, contactId: string, ev: EventInput): RecordResult {
  const name = ev.name.trim();
  if (!name) throw invalid("event_name", "event name must not be empty");
  if (name.length > 255) throw invalid("event_name", "event name is longer than 255 characters");
  const dup = findDuplicate(ctx, workspaceId, contactId, name, ev);
  if (dup) return { id: dup, duplicate: true };
  const id = newId("ev", ev.createdAt);
  ctx.db.insert(events).values({
    id, workspaceId, contactId, name, createdAt: ev.createdAt, metadata: ev.metadata ?? {}, messageId: ev.messageId ?? null,
    receivedAt: ctx.clock.now(),
  }).run();
  ctx.db
    .insert(eventSummaries)
    .values({ contactId, name, workspaceId, count: 1, firstAt: ev.createdAt, lastAt: ev.createdAt })
    .onConflictDoUpdate({
      target: [eventSummaries.contactId, eventSummaries.name],
      set: { count: sql`${eventSummaries.count} + 1`, firstAt: sql`min(${eventSummaries.firstAt}, excluded.first_at)`, lastAt: sql`max(${eventSummaries.lastAt}, excluded.last_at)` },
    })
    .run();
  ctx.db
    .insert(eventNames)
    .values({ workspaceId, name, count: 1, firstAt: ev.createdAt, lastAt: ev.createdAt })
    .onConflictDoUpdate({
      target: [eventNames.workspaceId, eventNames.name],
      set: { count: sql`${eventNames.count} + 1`, firstAt: sql`min(${eventNames.firstAt}, excluded.first_at)`, lastAt: sql`max(${eventNames.lastAt}, excluded.last_at)` },
    })
    .run();
  return { id, duplicate: false };
}

function findDuplicate(ctx: Ctx, workspaceId: string, contactId: string, name: string, ev: EventInput): string | null | undefined {
  if (ev.messageId) {
    const hit = ctx.db.select({ id: events.id }).from(events).where(and(eq(events.workspaceId, workspaceId), eq(events.messageId, ev.messageId))).get();
    if (hit) return hit.id;
  }
  if (ev.dedupeByTime) {
    const hit = ctx.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.contactId, contactId), eq(events.name, name), eq(events.createdAt, ev.createdAt)))
      .get();
    if (hit) return hit.id;
  }
  return undefined;
}

export interface PageViewInput {
  kind: "page" | "screen";
  url?: string | null;
  title?: string | null;
  referrer?: string | null;
  at: number;
  sessionId?: string | null;
}

/** Stores one page or screen view. */
export function recordPageView(ctx: Ctx, workspaceId: string, contactId: string, pv: PageViewInput): string {
  const id = newId("pv", pv.at);
  ctx.db.insert(pageViews).values({
    id, workspaceId, contactId, kind: pv.kind, url: pv.url?.slice(0, 2048) ?? null, title: pv.title?.slice(0, 512) ?? null,
    referrer: pv.referrer?.slice(0, 2048) ?? null, createdAt: pv.at, sessionId: pv.sessionId ?? null,
  }).run();
  return id;
}
