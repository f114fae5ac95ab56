import type { Database } from "better-sqlite3";
import { DAY, HOUR } from "../lib/clock.js";
import type { Table } from "./audience.js";
import type { Range } from "./funnel-inputs.js";

export const INBOX_TABLES = ["volume", "times", "teammates", "hours"] as const;
export type InboxTable = (typeof INBOX_TABLES)[number];
export type InboxReport = Record<InboxTable, Table> & { summary: InboxSummary };

export interface InboxSummary {
  conversations: number;
  answered: number;
  closed: number;
  /** Milliseconds; null when nothing was answered/closed in the range. */
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  closeMedian: number | null;
  closeP90: number | null;
}

/** One conversation of the range with the times the report needs (ms; null = has not happened). */
interface ConvTimes {
  id: number;
  createdAt: number;
  initiated: "customer_initiated" | "admin_initiated";
  firstReplyAt: number | null;
  firstReplyBy: string | null;
  closedAt: number | null;
  closedBy: string | null;
}

/**
 * Nearest-rank percentile (p in 0..100) of already sorted values: the smallest value with at least p % of the values
 * at or below it. Null for no values.
 */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const sortNum = (xs: number[]) => xs.sort((a, b) => a - b);
/** A duration as minutes with one decimal, for tables and CSV. */
const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6000) / 10);

/**
 * Conversations created in the range, each with its first public operator reply and its first close (credited
 * only when an operator closed it: system closes count for the time, not for anybody). The first response counts
 * from when the conversation was created (a contact's opening message) to the first operator comment. Each lookup
 * walks the conversation's parts in id order through `conversation_parts_conversation` and stops at the first match.
 */
function conversationTimes(db: Database, ws: string, range: Range): ConvTimes[] {
  return db
    .prepare(
      `SELECT c.id, c.created_at AS createdAt, c.delivered_as AS initiated,
         r.created_at AS firstReplyAt, r.author_id AS firstReplyBy, x.created_at AS closedAt,
         CASE WHEN x.author_type = 'operator' THEN x.author_id END AS closedBy
       FROM conversations c
       LEFT JOIN conversation_parts r ON r.id = (SELECT p.id FROM conversation_parts p WHERE p.conversation_id = c.id
         AND p.author_type = 'operator' AND p.part_type = 'comment' AND p.public = 1 AND p.id <> coalesce(c.source_part_id, 0) ORDER BY p.id LIMIT 1)
       LEFT JOIN conversation_parts x ON x.id = (SELECT p.id FROM conversation_parts p WHERE p.conversation_id = c.id AND p.part_type = 'close' ORDER BY p.id LIMIT 1)
       WHERE c.workspace_id = ? AND c.created_at >= ? AND c.created_at < ?`,
    )
    .all(ws, range.from, range.to) as ConvTimes[];
}

function operatorNames(db: Database): Map<string, string> {
  const rows = db.prepare("SELECT id, name FROM operators").all() as { id: number; name: string }[];
  return new Map(rows.map((r) => [String(r.id), r.name]));
}

/** Conversations opened and closed per UTC day of the range (empty days as zeros). */
function volume(convs: ConvTimes[], range: Range): Table {
  const by = new Map<number, [number, number, number]>();
  for (let d = Math.floor(range.from / DAY) * DAY; d < range.to; d += DAY) by.set(d, [0, 0, 0]);
  for (const c of convs) {
    const row = by.get(Math.floor(c.createdAt / DAY) * DAY);
    if (row) row[c.initiated === "customer_initiated" ? 0 : 1]++;
    const closed = c.closedAt === null ? undefined : by.get(Math.floor(c.closedAt / DAY) * DAY);
    if (closed) closed[2]++;
  }
  return { columns: ["day", "started_by_contacts", "started_by_team", "closed"], rows: [...by].map(([d, r]) => [dayOf(d), ...r]) };
}

/** First response and close times, median and p90, for conversations contacts started. */
function summarize(convs: ConvTimes[]): InboxSummary {
  const inbound = convs.filter((c) => c.initiated === "customer_initiated");
  const firsts = sortNum(inbound.filter((c) => c.firstReplyAt !== null).map((c) => c.firstReplyAt! - c.createdAt));
  const closes = sortNum(inbound.filter((c) => c.closedAt !== null).map((c) => c.closedAt! - c.createdAt));
  return {
    conversations: convs.length,
    answered: firsts.length,
    closed: closes.length,
    firstResponseMedian: percentile(firsts, 50),
    firstResponseP90: percentile(firsts, 90),
    closeMedian: percentile(closes, 50),
    closeP90: percentile(closes, 90),
  };
}

function times(s: InboxSummary): Table {
  return {
    columns: ["measure", "conversations", "median_minutes", "p90_minutes"],
    rows: [
      ["first_response", s.answered, minutes(s.firstResponseMedian), minutes(s.firstResponseP90)],
      ["time_to_close", s.closed, minutes(s.closeMedian), minutes(s.closeP90)],
    ],
  };
}

/** Per teammate: contact-started conversations they answered first and closed, with their median and p90 times. */
function teammates(convs: ConvTimes[], names: Map<string, string>): Table {
  const by = new Map<string, { first: number[]; close: number[] }>();
  const of = (id: string) => by.get(id) ?? by.set(id, { first: [], close: [] }).get(id)!;
  for (const c of convs) {
    if (c.firstReplyBy && c.firstReplyAt !== null && c.initiated === "customer_initiated") of(c.firstReplyBy).first.push(c.firstReplyAt - c.createdAt);
    if (c.closedBy && c.closedAt !== null && c.initiated === "customer_initiated") of(c.closedBy).close.push(c.closedAt - c.createdAt);
  }
  const rows = [...by].map(([id, t]) => {
    const f = sortNum(t.first);
    const x = sortNum(t.close);
    return [names.get(id) ?? (id === "0" ? "API" : `#${id}`), f.length, minutes(percentile(f, 50)), minutes(percentile(f, 90)), x.length, minutes(percentile(x, 50)), minutes(percentile(x, 90))];
  });
  rows.sort((a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0])));
  return { columns: ["teammate", "first_replies", "first_response_median_minutes", "first_response_p90_minutes", "closed", "close_median_minutes", "close_p90_minutes"], rows };
}

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** Conversations contacts started by UTC weekday (rows, Monday first) and hour (columns 0–23). */
function hours(convs: ConvTimes[]): Table {
  const grid = WEEKDAYS.map(() => new Array<number>(24).fill(0));
  for (const c of convs) {
    if (c.initiated !== "customer_initiated") continue;
    const d = new Date(c.createdAt);
    grid[(d.getUTCDay() + 6) % 7]![Math.floor((c.createdAt % DAY) / HOUR)]!++;
  }
  return { columns: ["weekday", ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}h`)], rows: grid.map((r, i) => [WEEKDAYS[i]!, ...r]) };
}

/** The inbox report for a range: a pure function of (db, workspace, range). */
export function inboxReport(db: Database, ws: string, range: Range): InboxReport {
  const convs = conversationTimes(db, ws, range);
  const summary = summarize(convs);
  return { summary, volume: volume(convs, range), times: times(summary), teammates: teammates(convs, operatorNames(db)), hours: hours(convs) };
}
