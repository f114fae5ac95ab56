import { and, asc, desc, eq, gt, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Contact } from "../contacts/index.js";
import type { Ctx } from "../context.js";
import { contacts, segmentMemberships, segmentSizes, segments } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";

export type Segment = typeof segments.$inferSelect;
const m = segmentMemberships;

/** Segment by id within a workspace, or undefined. */
export function findSegment(ctx: Ctx, workspaceId: string, id: string): Segment | undefined {
  return ctx.db.select().from(segments).where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id))).get();
}

/** Segment by id; throws NOT_FOUND. */
export function getSegment(ctx: Ctx, workspaceId: string, id: string): Segment {
  const row = findSegment(ctx, workspaceId, id);
  if (!row) throw notFound("Segment Not Found");
  return row;
}

/** Segments of a workspace, oldest first. */
export function listSegments(ctx: Ctx, workspaceId: string): Segment[] {
  return ctx.db.select().from(segments).where(eq(segments.workspaceId, workspaceId)).orderBy(asc(segments.createdAt), asc(segments.id)).all();
}

/** Current members of one segment (counted on the open-membership index). */
export function countMembers(ctx: Ctx, segmentId: string): number {
  return ctx.db.select({ n: sql<number>`count(*)` }).from(m).where(and(eq(m.segmentId, segmentId), isNull(m.exitedAt))).get()?.n ?? 0;
}

/** A page of current members ordered by contact id, after the cursor `after` (exclusive). */
export function listMembers(ctx: Ctx, segmentId: string, page: { after?: string | undefined; limit: number }): Contact[] {
  const conds = [eq(m.segmentId, segmentId), isNull(m.exitedAt), page.after ? gt(m.contactId, page.after) : undefined];
  return ctx.db
    .select({ c: contacts })
    .from(m)
    .innerJoin(contacts, eq(contacts.id, m.contactId))
    .where(and(...conds))
    .orderBy(asc(m.contactId))
    .limit(page.limit)
    .all()
    .map((r) => r.c);
}

/** Segments a contact is in now, with the time it entered each. */
export function listContactSegments(ctx: Ctx, workspaceId: string, contactId: string): (Segment & { enteredAt: number })[] {
  return ctx.db
    .select({ s: segments, enteredAt: m.enteredAt })
    .from(m)
    .innerJoin(segments, eq(segments.id, m.segmentId))
    .where(and(eq(m.contactId, contactId), isNull(m.exitedAt), eq(segments.workspaceId, workspaceId)))
    .orderBy(asc(segments.createdAt), asc(segments.id))
    .all()
    .map((r) => ({ ...r.s, enteredAt: r.enteredAt }));
}

export interface MembershipStay {
  segmentId: string;
  segmentName: string;
  enteredAt: number;
  exitedAt: number | null;
}

/** Every stay of a contact in a segment, newest first (the contact profile's membership history). */
export function listMembershipHistory(ctx: Ctx, workspaceId: string, contactId: string): MembershipStay[] {
  return ctx.db
    .select({ segmentId: m.segmentId, segmentName: segments.name, enteredAt: m.enteredAt, exitedAt: m.exitedAt })
    .from(m)
    .innerJoin(segments, eq(segments.id, m.segmentId))
    .where(and(eq(m.contactId, contactId), eq(segments.workspaceId, workspaceId)))
    .orderBy(desc(m.enteredAt), desc(m.id))
    .all();
}

/** Size history of a segment at one granularity, oldest bucket first. */
export function listSizes(ctx: Ctx, segmentId: string, granularity: "hour" | "day", since = 0): { bucketStart: number; count: number }[] {
  return ctx.db
    .select({ bucketStart: segmentSizes.bucketStart, count: segmentSizes.count })
    .from(segmentSizes)
    .where(and(eq(segmentSizes.segmentId, segmentId), eq(segmentSizes.granularity, granularity), gte(segmentSizes.bucketStart, since)))
    .orderBy(asc(segmentSizes.bucketStart))
    .all();
}

/** Ids of a segment's current members. */
export function openMemberIds(ctx: Ctx, segmentId: string): Set<string> {
  const rows = ctx.db.select({ id: m.contactId }).from(m).where(and(eq(m.segmentId, segmentId), isNull(m.exitedAt))).all();
  return new Set(rows.map((r) => r.id));
}

/** For each contact, the segments it is in now (contacts in none are absent). */
export function openSegmentsOf(ctx: Ctx, contactIds: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (let i = 0; i < contactIds.length; i += 500) {
    const rows = ctx.db
      .select({ contactId: m.contactId, segmentId: m.segmentId })
      .from(m)
      .where(and(inArray(m.contactId, contactIds.slice(i, i + 500)), isNull(m.exitedAt)))
      .all();
    for (const r of rows) {
      let set = out.get(r.contactId);
      if (!set) out.set(r.contactId, (set = new Set()));
      set.add(r.segmentId);
    }
  }
  return out;
}
