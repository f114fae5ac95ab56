import { and, asc, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contacts, events, series, seriesEnrollments, type Metadata } from "../db/schema/index.js";
import { DAY } from "../lib/clock.js";
import { metadataMatches } from "./conditions.js";
import { advanceEnrollment } from "./engine.js";
import { enrollContact } from "./enroll.js";
import { eventMoves, seriesIndex, type LiveSeries } from "./live-index.js";
import { getVersion, type Series } from "./queries.js";

function liveSeries(ctx: Ctx, workspaceId?: string): LiveSeries[] {
  const rows = ctx.db.select().from(series)
    .where(and(eq(series.status, "live"), workspaceId ? eq(series.workspaceId, workspaceId) : undefined)).all();
  return rows.map((s) => ({ s, entry: getVersion(ctx, s.currentVersionId!).definition.entry }));
}

/** Runs every active enrollment of a contact as far as it can go now (a triggering event or change arrived). */
export function advanceContact(ctx: Ctx, workspaceId: string, contactId: string): void {
  const ids = ctx.db.select({ id: seriesEnrollments.id }).from(seriesEnrollments)
    .where(and(eq(seriesEnrollments.contactId, contactId), eq(seriesEnrollments.status, "active"), eq(seriesEnrollments.workspaceId, workspaceId))).all();
  for (const { id } of ids) advanceEnrollment(ctx, id);
}

/**
 * `event.ingested`: enrolls into series entered by this event (metadata conditions checked), then advances the
 * contact when the event may move one of its enrollments (live-index.ts). `metadata`, when the caller has it, saves
 * reading the event back.
 */
export function onEvent(ctx: Ctx, workspaceId: string, contactId: string, name: string, eventId?: string, metadata?: Metadata): void {
  const idx = seriesIndex(ctx, workspaceId);
  if (idx.live.length === 0) return;
  const entering = idx.entryEvents.get(name);
  if (entering) {
    const meta = metadata ?? ctx.db.select({ metadata: events.metadata }).from(events)
      .where(eventId ? eq(events.id, eventId) : and(eq(events.contactId, contactId), eq(events.name, name)))
      .orderBy(desc(events.receivedAt), desc(events.id)).limit(1).get()?.metadata;
    for (const { s, entry } of entering) {
      if (entry.type === "event" && meta && metadataMatches(meta, entry.where)) enrollContact(ctx, workspaceId, s.id, contactId, "event");
    }
  }
  if (entering || eventMoves(idx, name)) advanceContact(ctx, workspaceId, contactId);
}

/** `segment.entered`: enrolls into series entered by that segment, then advances the contact. */
export function onSegmentEntered(ctx: Ctx, workspaceId: string, contactId: string, segmentId: string): void {
  const idx = seriesIndex(ctx, workspaceId);
  if (idx.live.length === 0) return;
  for (const { s, entry } of idx.live) {
    if (entry.type === "segment" && entry.segmentId === segmentId) enrollContact(ctx, workspaceId, s.id, contactId, "segment");
  }
  advanceContact(ctx, workspaceId, contactId);
}

/** `contact.created/updated`: a date entry may now be due for this contact; then advance it. */
export function onContactChanged(ctx: Ctx, workspaceId: string, contactId: string): void {
  const idx = seriesIndex(ctx, workspaceId);
  if (idx.live.length === 0) return;
  const now = ctx.clock.now();
  const dated = idx.live.filter((l) => l.entry.type === "date").map((l) => l.s.id);
  // Read again: the `series.advance` job moves `entry_scanned_at` without changing anything else.
  const rows = dated.length === 0 ? [] : ctx.db.select().from(series).where(and(inArray(series.id, dated), eq(series.status, "live"))).all();
  for (const s of rows) {
    const entry = idx.live.find((l) => l.s.id === s.id)!.entry;
    if (entry.type !== "date") continue;
    const anchor = dateExpr(entry.attribute);
    const row = ctx.db.select({ at: anchor }).from(contacts).where(eq(contacts.id, contactId)).get();
    if (row?.at == null) continue;
    const due = row.at + entry.days * DAY;
    if (due <= now && due > (s.entryScannedAt ?? now)) enrollByDate(ctx, s, contactId, due);
  }
  advanceContact(ctx, workspaceId, contactId);
}

/** Enrolls contacts whose date attribute + N days passed since the last scan (the `series.advance` job). */
export function scanDateEntries(ctx: Ctx): number {
  const now = ctx.clock.now();
  let n = 0;
  for (const { s, entry } of liveSeries(ctx)) {
    if (entry.type !== "date") continue;
    const since = s.entryScannedAt ?? now;
    const due = sql<number>`${dateExpr(entry.attribute)} + ${entry.days * DAY}`;
    const rows = ctx.db.select({ id: contacts.id, due }).from(contacts)
      .where(and(eq(contacts.workspaceId, s.workspaceId), eq(contacts.archived, false), gt(due, since), lte(due, now))).all();
    for (const r of rows) n += enrollByDate(ctx, s, r.id, r.due) ? 1 : 0;
    ctx.db.update(series).set({ entryScannedAt: now }).where(eq(series.id, s.id)).run();
  }
  return n;
}

/** A date entry happens once per anchor date, whoever sees it first (scan or contact change). */
function enrollByDate(ctx: Ctx, s: Series, contactId: string, due: number): boolean {
  const seen = ctx.db.select({ id: seriesEnrollments.id }).from(seriesEnrollments)
    .where(and(eq(seriesEnrollments.seriesId, s.id), eq(seriesEnrollments.contactId, contactId), eq(seriesEnrollments.source, "date"), sql`${seriesEnrollments.enteredAt} >= ${due}`)).get();
  if (seen) return false;
  return "enrollment" in enrollContact(ctx, s.workspaceId, s.id, contactId, "date");
}

const COLUMNS: Record<string, unknown> = { signed_up_at: contacts.signedUpAt, created_at: contacts.createdAt, last_seen_at: contacts.lastSeenAt };

/** A contact date in ms: a built-in column, or a custom attribute (numbers below 1e11 are read as Unix seconds). */
function dateExpr(attribute: string) {
  const col = COLUMNS[attribute];
  if (col) return sql<number | null>`${col}`;
  const v = sql`json_extract(${contacts.customAttributes}, ${`$."${attribute.replace(/"/g, "")}"`})`;
  return sql<number | null>`(CASE WHEN typeof(${v}) IN ('integer', 'real') THEN (CASE WHEN ${v} < 100000000000 THEN ${v} * 1000 ELSE ${v} END) END)`;
}

/** Advances every enrollment whose wait is over (the `series.advance` job). Returns how many were looked at. */
export function advanceDue(ctx: Ctx, limit = 2000): number {
  const now = ctx.clock.now();
  const live = ctx.db.select({ id: series.id }).from(series).where(eq(series.status, "live")).all().map((r) => r.id);
  if (live.length === 0) return 0;
  const due = ctx.db.select({ id: seriesEnrollments.id }).from(seriesEnrollments)
    .where(and(eq(seriesEnrollments.status, "active"), lte(seriesEnrollments.wakeAt, now), inArray(seriesEnrollments.seriesId, live)))
    .orderBy(asc(seriesEnrollments.wakeAt)).limit(limit).all();
  for (const { id } of due) advanceEnrollment(ctx, id);
  return due.length;
}
