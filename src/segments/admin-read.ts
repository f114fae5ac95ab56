import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Contact } from "../contacts/index.js";
import { contactColumns, type CellValue, type ContactColumn } from "../contacts/columns.js";
import type { Ctx } from "../context.js";
import { contacts, segmentMemberships, segmentSizes, segments } from "../db/schema/index.js";
import { DAY } from "../lib/clock.js";
import { csvLine } from "../lib/csv.js";
import type { Segment } from "./queries.js";
import { segmentReader } from "./worker-reader.js";

const m = segmentMemberships;

/** A row of the admin segments list. */
export interface SegmentSummary {
  segment: Segment;
  members: number;
  /** Daily sizes of the last 30 days, oldest first (the sparkline). */
  trend: number[];
  /** Latest entry or exit, or undefined while nobody ever entered. */
  lastChange: number | undefined;
}

const TREND_DAYS = 30;

/**
 * Every segment of a workspace with its member count, 30-day daily trend and last membership change. Counts and last
 * changes read every stay of every segment (the larger the segments, the longer), so they run where reads do not
 * stall HTTP (segmentReader: a worker thread for a database file).
 */
export async function listSegmentSummaries(ctx: Ctx, workspaceId: string): Promise<SegmentSummary[]> {
  const list = ctx.db.select().from(segments).where(eq(segments.workspaceId, workspaceId)).orderBy(asc(segments.name), asc(segments.id)).all();
  if (list.length === 0) return [];
  const ids = list.map((s) => s.id);
  const activity = new Map((await segmentReader(ctx).activity(ids)).map(([id, members, last]) => [id, { members, last }]));
  const since = ctx.clock.now() - TREND_DAYS * DAY;
  const trends = new Map<string, number[]>();
  const sizes = ctx.db
    .select({ id: segmentSizes.segmentId, count: segmentSizes.count })
    .from(segmentSizes)
    .where(and(inArray(segmentSizes.segmentId, ids), eq(segmentSizes.granularity, "day"), sql`${segmentSizes.bucketStart} >= ${since}`))
    .orderBy(asc(segmentSizes.bucketStart))
    .all();
  for (const r of sizes) trends.set(r.id, [...(trends.get(r.id) ?? []), r.count]);
  return list.map((segment) => {
    const a = activity.get(segment.id);
    return { segment, members: a?.members ?? 0, trend: trends.get(segment.id) ?? [], lastChange: a?.last ? a.last : undefined };
  });
}

/** One current member and when it entered. */
export interface MemberRow {
  contact: Contact;
  enteredAt: number;
}

/** A page of current members by contact id (keyset), with `next` when more follow. */
export function listMemberPage(ctx: Ctx, segmentId: string, page: { after?: string | undefined; limit: number }): { rows: MemberRow[]; next?: string } {
  const rows = ctx.db
    .select({ contact: contacts, enteredAt: m.enteredAt })
    .from(m)
    .innerJoin(contacts, eq(contacts.id, m.contactId))
    .where(and(eq(m.segmentId, segmentId), isNull(m.exitedAt), page.after ? gt(m.contactId, page.after) : undefined))
    .orderBy(asc(m.contactId))
    .limit(page.limit + 1)
    .all();
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  return { rows: shown, ...(more ? { next: shown[shown.length - 1]!.contact.id } : {}) };
}

const CHUNK = 500;

/**
 * A segment's current members as CSV, one piece per 500 contacts (header first), for streaming: the contacts
 * export's columns plus `entered_at`. Each chunk is one short keyset query.
 */
export function* membersCsv(ctx: Ctx, workspaceId: string, segmentId: string): Generator<string> {
  const columns = contactColumns(ctx, workspaceId);
  yield csvLine(["id", "role", ...columns.map((c) => c.key), "entered_at"]);
  let after: string | undefined;
  for (;;) {
    const page = listMemberPage(ctx, segmentId, { after, limit: CHUNK });
    if (page.rows.length > 0) {
      yield page.rows
        .map((r) => csvLine([r.contact.id, r.contact.role, ...columns.map((col) => cell(col, col.get(r.contact))), new Date(r.enteredAt).toISOString()]))
        .join("");
    }
    if (!page.next) return;
    after = page.next;
  }
}

function cell(col: ContactColumn, v: CellValue): CellValue {
  return col.type === "date" && typeof v === "number" ? new Date(v).toISOString() : v;
}
