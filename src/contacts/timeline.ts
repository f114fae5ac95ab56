import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import type { Metadata } from "../db/schema/index.js";

/** One entry of a contact's activity timeline. */
export type TimelineItem =
  | { kind: "event"; id: string; at: number; name: string; metadata: Metadata }
  | { kind: "page"; id: string; at: number; screen: boolean; url: string | null; title: string | null; referrer: string | null }
  | { kind: "session"; id: string; at: number; lastSeenAt: number; pageViews: number; referrer: string | null; utm: string | null };

/** Where the next (older) page starts. Ids carry their table's prefix (ev_, pv_, ses_), so (at, id) is unique. */
export interface TimelineCursor {
  at: number;
  id: string;
}

interface Row {
  kind: "event" | "page" | "screen" | "session";
  id: string;
  at: number;
  a: string | null;
  b: string | null;
  c: string | null;
  n: number | null;
  m: number | null;
}

/**
 * A contact's events, page views and sessions, newest first, by keyset on (time, id). Each source is cut to the page
 * size before the merge, so a contact with years of history costs one short index range per source.
 */
export function listTimeline(ctx: Ctx, contactId: string, opts: { before?: TimelineCursor | undefined; limit: number }): { items: TimelineItem[]; next?: TimelineCursor } {
  const n = opts.limit + 1;
  const older = (at: SQL, id: SQL) => (opts.before ? sql`AND (${at} < ${opts.before.at} OR (${at} = ${opts.before.at} AND ${id} < ${opts.before.id}))` : sql``);
  const rows = ctx.db.all<Row>(sql`
    SELECT * FROM (SELECT 'event' AS kind, id, created_at AS at, name AS a, metadata AS b, NULL AS c, NULL AS n, NULL AS m FROM events
      WHERE contact_id = ${contactId} ${older(sql`created_at`, sql`id`)} ORDER BY created_at DESC, id DESC LIMIT ${n})
    UNION ALL
    SELECT * FROM (SELECT kind, id, created_at AS at, url AS a, title AS b, referrer AS c, NULL AS n, NULL AS m FROM page_views
      WHERE contact_id = ${contactId} ${older(sql`created_at`, sql`id`)} ORDER BY created_at DESC, id DESC LIMIT ${n})
    UNION ALL
    SELECT * FROM (SELECT 'session' AS kind, id, started_at AS at, referrer AS a,
        nullif(concat_ws(' / ', utm_source, utm_medium, utm_campaign), '') AS b, NULL AS c, page_views AS n, last_seen_at AS m
      FROM sessions WHERE contact_id = ${contactId} ${older(sql`started_at`, sql`id`)} ORDER BY started_at DESC, id DESC LIMIT ${n})
    ORDER BY at DESC, id DESC LIMIT ${n}`);
  const items = rows.slice(0, opts.limit).map(toItem);
  const last = items[items.length - 1];
  return rows.length > opts.limit && last ? { items, next: { at: last.at, id: last.id } } : { items };
}

function toItem(r: Row): TimelineItem {
  if (r.kind === "event") return { kind: "event", id: r.id, at: r.at, name: r.a ?? "", metadata: parseMetadata(r.b) };
  if (r.kind === "session") return { kind: "session", id: r.id, at: r.at, lastSeenAt: r.m ?? r.at, pageViews: r.n ?? 0, referrer: r.a, utm: r.b };
  return { kind: "page", id: r.id, at: r.at, screen: r.kind === "screen", url: r.a, title: r.b, referrer: r.c };
}

function parseMetadata(raw: string | null): Metadata {
  try {
    const v = raw ? (JSON.parse(raw) as unknown) : {};
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Metadata) : {};
  } catch {
    return {};
  }
}
