import type { Ctx } from "../context.js";
import type { Metadata } from "../db/schema/index.js";
import { newId } from "../lib/ids.js";
import { prepared } from "../db/prepared.js";
import { invalid } from "../lib/errors.js";
import { addToRollups } from "./rollups.js";

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
  const q = writes(ctx);
  if (ev.dedupeByTime) {
    const hit = q.byTime.get(contactId, name, ev.createdAt) as { id: string } | undefined;
    if (hit) return { id: hit.id, duplicate: true };
  }
  const id = newId("ev", ev.createdAt);
  const at = ev.createdAt;
  const messageId = ev.messageId ?? null;
  // A repeated message id hits the unique index and inserts nothing: no lookup before every insert.
  const inserted = q.insert.run(id, workspaceId, contactId, name, at, JSON.stringify(ev.metadata ?? {}), messageId, ctx.clock.now());
  if (inserted.changes === 0) {
    const hit = messageId === null ? undefined : (q.byMessageId.get(workspaceId, messageId) as { id: string } | undefined);
    return { id: hit?.id ?? null, duplicate: true };
  }
  addToRollups(ctx, workspaceId, contactId, name, at);
  return { id, duplicate: false };
}

/** The statements of an event write, prepared once per connection (this is the ingest hot path). */
function writes(ctx: Ctx) {
  return prepared(ctx.db, "events.writes", (db) => {
    const c = db.$client;
    return {
      insert: c.prepare(`INSERT INTO events (id, workspace_id, contact_id, name, created_at, metadata, message_id, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      byMessageId: c.prepare("SELECT id FROM events WHERE workspace_id = ? AND message_id = ?"),
      byTime: c.prepare("SELECT id FROM events WHERE contact_id = ? AND name = ? AND created_at = ? LIMIT 1"),
    };
  });
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
  const insert = prepared(ctx.db, "events.pageView", (db) => db.$client.prepare(
    "INSERT INTO page_views (id, workspace_id, contact_id, kind, url, title, referrer, created_at, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ));
  insert.run(id, workspaceId, contactId, pv.kind, pv.url?.slice(0, 2048) ?? null, pv.title?.slice(0, 512) ?? null, pv.referrer?.slice(0, 2048) ?? null, pv.at, pv.sessionId ?? null);
  return id;
}
