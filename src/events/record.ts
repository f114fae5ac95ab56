import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { eventNames, eventSummaries, events, pageViews, type Metadata } from "../db/schema/index.js";
import { newId } from "../lib/ids.js";
import { prepared } from "../db/prepared.js";
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
  const at = ev.createdAt;
  writes(ctx).insert.run({ id, ws: workspaceId, contact: contactId, name, at, metadata: ev.metadata ?? {}, messageId: ev.messageId ?? null, received: ctx.clock.now() });
  writes(ctx).summary.run({ contact: contactId, name, ws: workspaceId, at });
  writes(ctx).catalogue.run({ ws: workspaceId, name, at });
  return { id, duplicate: false };
}

/** The three writes of an event, prepared once per connection (this is the ingest hot path). */
function writes(ctx: Ctx) {
  const p = (name: string) => sql.placeholder(name);
  return prepared(ctx.db, "events.writes", (db) => ({
    insert: db.insert(events).values({
      id: p("id"), workspaceId: p("ws"), contactId: p("contact"), name: p("name"), createdAt: p("at"), metadata: p("metadata"),
      messageId: p("messageId"), receivedAt: p("received"),
    }).prepare(),
    summary: db.insert(eventSummaries)
      .values({ contactId: p("contact"), name: p("name"), workspaceId: p("ws"), count: 1, firstAt: p("at"), lastAt: p("at") })
      .onConflictDoUpdate({
        target: [eventSummaries.contactId, eventSummaries.name],
        set: { count: sql`${eventSummaries.count} + 1`, firstAt: sql`min(${eventSummaries.firstAt}, excluded.first_at)`, lastAt: sql`max(${eventSummaries.lastAt}, excluded.last_at)` },
      }).prepare(),
    catalogue: db.insert(eventNames)
      .values({ workspaceId: p("ws"), name: p("name"), count: 1, firstAt: p("at"), lastAt: p("at") })
      .onConflictDoUpdate({
        target: [eventNames.workspaceId, eventNames.name],
        set: { count: sql`${eventNames.count} + 1`, firstAt: sql`min(${eventNames.firstAt}, excluded.first_at)`, lastAt: sql`max(${eventNames.lastAt}, excluded.last_at)` },
      }).prepare(),
    byMessageId: db.select({ id: events.id }).from(events).where(and(eq(events.workspaceId, p("ws")), eq(events.messageId, p("messageId")))).prepare(),
    byTime: db.select({ id: events.id }).from(events)
      .where(and(eq(events.contactId, p("contact")), eq(events.name, p("name")), eq(events.createdAt, p("at")))).prepare(),
  }));
}

function findDuplicate(ctx: Ctx, workspaceId: string, contactId: string, name: string, ev: EventInput): string | null | undefined {
  if (ev.messageId) {
    const hit = writes(ctx).byMessageId.get({ ws: workspaceId, messageId: ev.messageId });
    if (hit) return hit.id;
  }
  if (ev.dedupeByTime) {
    const hit = writes(ctx).byTime.get({ contact: contactId, name, at: ev.createdAt });
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
