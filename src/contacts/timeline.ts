import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import type { Metadata } from "../db/schema/index.js";
import { htmlToText } from "../conversations/index.js";

/** One entry of a contact's activity timeline. */
export type TimelineItem =
  | { kind: "event"; id: string; at: number; name: string; metadata: Metadata }
  | { kind: "page"; id: string; at: number; screen: boolean; url: string | null; title: string | null; referrer: string | null }
  | { kind: "session"; id: string; at: number; lastSeenAt: number; pageViews: number; referrer: string | null; utm: string | null }
  | { kind: "conversation"; id: string; at: number; conversationId: number; byContact: boolean; channel: string; state: string; title: string | null; preview: string | null }
  | { kind: "message"; id: string; at: number; messageId: string; name: string; channel: string; outcomes: MessageOutcome[] };

/** What a contact did with a message sent to them, each with its first time. */
export interface MessageOutcome {
  what: "seen" | "opened" | "clicked" | "replied" | "dismissed" | "goal" | "unsubscribed" | "bounced";
  at: number;
}

/**
 * Where the next (older) page starts. Ids carry their table's prefix (ev_, pv_, ses_, a delivery's own id, and
 * `conv_` + the zero-padded conversation number), so (at, id) is unique.
 */
export interface TimelineCursor {
  at: number;
  id: string;
}

interface Row {
  kind: "event" | "page" | "screen" | "session" | "conversation" | "message";
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
    UNION ALL
    SELECT * FROM (SELECT 'conversation' AS kind, ${CONV_ID} AS id, cv.created_at AS at, coalesce(cv.title, cv.subject) AS a,
        cv.delivered_as || ' ' || cv.channel || ' ' || cv.state AS b, (SELECT body FROM conversation_parts WHERE id = cv.source_part_id) AS c,
        cv.id AS n, NULL AS m
      FROM conversations cv WHERE cv.contact_id = ${contactId} ${older(sql`cv.created_at`, CONV_ID)} ORDER BY cv.created_at DESC, cv.id DESC LIMIT ${n})
    UNION ALL
    SELECT * FROM (SELECT 'message' AS kind, d.id, d.sent_at AS at, m.name AS a, d.channel || ' ' || d.message_id AS b, json_array(${OUTCOMES}) AS c, NULL AS n, NULL AS m
      FROM deliveries d JOIN messages m ON m.id = d.message_id
      WHERE d.contact_id = ${contactId} AND d.sent_at IS NOT NULL ${older(sql`d.sent_at`, sql`d.id`)} ORDER BY d.sent_at DESC, d.id DESC LIMIT ${n})
    ORDER BY at DESC, id DESC LIMIT ${n}`);
  const items = rows.slice(0, opts.limit).map(toItem);
  const last = items[items.length - 1];
  return rows.length > opts.limit && last ? { items, next: { at: last.at, id: last.id } } : { items };
}

const CONV_ID = sql.raw(`'conv_' || printf('%012d', cv.id)`);
const OUTCOME_NAMES = ["seen", "opened", "clicked", "replied", "dismissed", "goal", "unsubscribed", "bounced"] as const;
const OUTCOMES = sql.raw(["seen_at", "opened_at", "clicked_at", "replied_at", "dismissed_at", "goal_at", "unsubscribed_at", "bounced_at"].map((c) => `d.${c}`).join(", "));

function toItem(r: Row): TimelineItem {
  if (r.kind === "conversation") {
    const [deliveredAs, channel, state] = (r.b ?? "").split(" ");
    const text = r.c ? htmlToText(r.c).replace(/\s+/g, " ").trim() : "";
    return {
      kind: "conversation", id: r.id, at: r.at, conversationId: r.n ?? 0, byContact: deliveredAs === "customer_initiated", channel: channel ?? "chat",
      state: state ?? "open", title: r.a, preview: text ? text.slice(0, 200) : null,
    };
  }
  if (r.kind === "message") {
    const times = JSON.parse(r.c ?? "[]") as (number | null)[];
    const outcomes = OUTCOME_NAMES.flatMap((what, i) => (typeof times[i] === "number" ? [{ what, at: times[i] }] : []));
    const [channel, messageId] = (r.b ?? "").split(" ");
    return { kind: "message", id: r.id, at: r.at, messageId: messageId ?? "", name: r.a ?? "", channel: channel ?? "", outcomes };
  }
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
