import { and, eq, sql } from "drizzle-orm";
import { type Ctx, withTx } from "../context.js";
import { segmentSizes, segments } from "../db/schema/index.js";
import { DAY, HOUR } from "../lib/clock.js";
import { compileStored, workspaceSegments } from "./catalog.js";
import { refreshOffThread } from "./worker-apply.js";
import { segmentReader } from "./worker-reader.js";
import { evaluateContacts } from "./evaluate.js";
import { publishChanges, takeChangedSegments, writeChanges, type Change, type ChangeReason } from "./memberships.js";
import { openSegmentsOf, type Segment } from "./queries.js";
import type { CompiledSegment } from "./tree.js";

export interface RefreshReport {
  segments: number;
  candidates: number;
  changes: number;
}

/**
 * The `segments.refresh` job: for each segment that time alone can change, re-evaluates only the contacts whose
 * dates or events crossed a threshold since the last refresh, then records every segment's size. Activity is
 * handled on ingest (see watch.ts); this covers the passing of time.
 */
export async function refreshSegments(ctx: Ctx): Promise<RefreshReport> {
  const now = ctx.clock.now();
  const report: RefreshReport = { segments: 0, candidates: 0, changes: 0 };
  const due = ctx.db.select().from(segments).where(eq(segments.timeRelative, true)).all();
  for (const seg of due) {
    if (now <= seg.refreshedAt) continue;
    // Let requests in between segments: each refresh is its own short transaction, so the event loop never
    // stalls for more than the largest single segment.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const r = await refreshOne(ctx, seg, now);
      report.segments++;
      report.candidates += r.candidates;
      report.changes += r.changes;
    } catch (e) {
      ctx.log.error("segment refresh failed", { segmentId: seg.id, err: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }
  await recordSizes(ctx, now);
  return report;
}

/** Past this many candidates (a refresh after a long stop) one full evaluation is cheaper than probing each. */
const FULL_REFRESH_ABOVE = 20_000;

/**
 * Finding the candidates, evaluating them and diffing with stored memberships are reads that run where they cannot
 * stall HTTP (worker-reader.ts: a worker thread for a database file); the changes are applied here in short
 * transactions (worker-apply.ts).
 */
function refreshOne(ctx: Ctx, seg: Segment, now: number): Promise<{ candidates: number; changes: number }> {
  return refreshOffThread(ctx, seg, compileStored(ctx, seg), now, FULL_REFRESH_ABOVE);
}

/**
 * Re-evaluates contacts against every segment of their workspace (after ingestion, merges, company updates) and
 * stores and publishes what changed. A contact that no longer exists leaves everything.
 */
export function reevaluateContacts(ctx: Ctx, workspaceId: string, contactIds: string[], reason: ChangeReason = "activity"): Change[] {
  if (contactIds.length === 0) return [];
  const list = workspaceSegments(ctx, workspaceId);
  if (list.length === 0) return [];
  const now = ctx.clock.now();
  // Reading and diffing need no transaction (nothing can run in between); most events change nothing, and a
  // commit per event is what group commit exists to avoid.
  const changes = diffContacts(ctx, workspaceId, list, contactIds, now);
  if (changes.length === 0) return changes;
  withTx(ctx, () => writeChanges(ctx, changes, now));
  publishChanges(ctx, workspaceId, changes, now, reason);
  return changes;
}

/** Evaluates `contactIds` for `list`: the difference with their open memberships. */
function diffContacts(ctx: Ctx, workspaceId: string, list: { segment: Segment; compiled: CompiledSegment }[], contactIds: string[], now: number): Change[] {
  const flags = evaluateContacts(ctx.db.$client, workspaceId, list.map((s) => s.compiled), contactIds, now);
  const open = openSegmentsOf(ctx, contactIds);
  const changes: Change[] = [];
  for (const contactId of contactIds) {
    const member = flags.get(contactId);
    const current = open.get(contactId);
    list.forEach(({ segment }, i) => {
      const is = member?.[i] ?? false;
      const was = current?.has(segment.id) ?? false;
      if (is !== was) changes.push({ segmentId: segment.id, contactId, entered: is });
    });
  }
  return changes;
}

/**
 * Stores segment sizes in their hour and UTC-day buckets (the latest value in a bucket wins). Only segments whose
 * members changed, or whose hour bucket is still empty, are counted; counting runs with the other reads (off the
 * main thread for a database file: a large segment takes milliseconds), the writes in one short transaction.
 */
export async function recordSizes(ctx: Ctx, now: number): Promise<void> {
  const hour = Math.floor(now / HOUR) * HOUR;
  const day = Math.floor(now / DAY) * DAY;
  const changed = takeChangedSegments(ctx);
  const counted = new Set(
    ctx.db.select({ id: segmentSizes.segmentId }).from(segmentSizes).where(and(eq(segmentSizes.granularity, "hour"), eq(segmentSizes.bucketStart, hour))).all().map((r) => r.id),
  );
  const due = ctx.db.select({ id: segments.id }).from(segments).all().map((s) => s.id).filter((id) => !counted.has(id) || changed.has(id));
  if (due.length === 0) return;
  const counts = await segmentReader(ctx).countOpen(due);
  withTx(ctx, () => {
    for (const [segmentId, count] of counts) {
      for (const [granularity, bucketStart] of [["hour", hour], ["day", day]] as const) {
        ctx.db
          .insert(segmentSizes)
          .values({ segmentId, granularity, bucketStart, count })
          .onConflictDoUpdate({ target: [segmentSizes.segmentId, segmentSizes.granularity, segmentSizes.bucketStart], set: { count: sql`excluded.count` } })
          .run();
      }
    }
  });
}
