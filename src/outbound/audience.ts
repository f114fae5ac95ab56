import { and, eq, lte } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { contacts, messages } from "../db/schema/index.js";
import { compileDefinition, evaluateContacts, evaluateAll, openMemberIds, openSegmentsOf, parseDefinition } from "../segments/index.js";
import { bucket, enqueueMany } from "./enqueue.js";
import type { Audience } from "./inputs.js";
import type { LoadedMessage } from "./loaded.js";
import type { Message } from "./queries.js";

const BATCH = 1000;

function audienceOf(m: Pick<Message, "audience">): Audience {
  return m.audience as Audience;
}

function compiledFilter(ctx: Ctx, m: Message) {
  const a = audienceOf(m);
  return a.filter ? compileDefinition({ ctx, workspaceId: m.workspaceId, strict: false, stack: [] }, parseDefinition(a.filter)) : undefined;
}

/**
 * Everyone a one-off goes to: the segment, the filter or the one contact (all contacts when none is given), minus
 * the excluded segments, cut to `percent` by a stable hash; only contacts that existed when sending started.
 */
export function audienceIds(ctx: Ctx, m: Message, startedAt: number): string[] {
  const a = audienceOf(m);
  const rows = ctx.db.select({ id: contacts.id }).from(contacts)
    .where(and(eq(contacts.workspaceId, m.workspaceId), eq(contacts.archived, false), lte(contacts.createdAt, startedAt)))
    .orderBy(contacts.id).all();
  let ids = rows.map((r) => r.id);
  if (a.contactId) ids = ids.filter((id) => id === a.contactId);
  if (a.segmentId) {
    const members = openMemberIds(ctx, a.segmentId);
    ids = ids.filter((id) => members.has(id));
  }
  const filter = compiledFilter(ctx, m);
  if (filter) {
    const match = new Set(evaluateAll(ctx.db.$client, filter, ctx.clock.now()));
    ids = ids.filter((id) => match.has(id));
  }
  for (const ex of a.excludeSegmentIds ?? []) {
    const out = openMemberIds(ctx, ex);
    ids = ids.filter((id) => !out.has(id));
  }
  return a.percent !== undefined && a.percent < 100 ? ids.filter((id) => bucket(m.id, id, "percent") * 100 < a.percent!) : ids;
}

/**
 * Of these contacts, the ones still in the message's audience right now (checked again just before sending:
 * someone who left the segment or joined an excluded one is skipped). The percent cut is fixed at enqueue time.
 */
export function stillInAudience(ctx: Ctx, m: Message, contactIds: string[]): Set<string> {
  const a = audienceOf(m);
  let ids = contactIds;
  if (a.contactId) ids = ids.filter((id) => id === a.contactId);
  const segIds = [a.segmentId, ...(a.excludeSegmentIds ?? [])].filter((s): s is string => !!s);
  if (segIds.length > 0) {
    const open = openSegmentsOf(ctx, ids);
    ids = ids.filter((id) => {
      const s = open.get(id);
      if (a.segmentId && !s?.has(a.segmentId)) return false;
      return !(a.excludeSegmentIds ?? []).some((ex) => s?.has(ex));
    });
  }
  const filter = compiledFilter(ctx, m);
  if (filter && ids.length > 0) {
    const flags = evaluateContacts(ctx.db.$client, m.workspaceId, [filter], ids, ctx.clock.now());
    ids = ids.filter((id) => flags.get(id)?.[0] === true);
  }
  return new Set(ids);
}

/**
 * Gives every audience member of a sending one-off a delivery row, in short transactions with a pause between
 * them (other requests run meanwhile). Repeating it adds nothing (the unique key), so a restart simply runs it again.
 */
export async function enqueueAudience(ctx: Ctx, m: LoadedMessage): Promise<number> {
  const startedAt = m.startedAt ?? ctx.clock.now();
  const ids = audienceIds(ctx, m, startedAt);
  let added = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const n = withTx(ctx, () => (stillEnqueueing(ctx, m.id) ? enqueueMany(ctx, m, batch, { notBefore: startedAt }) : -1));
    if (n < 0) return added;
    added += n;
    if (i + BATCH < ids.length) await new Promise((r) => setImmediate(r));
  }
  ctx.db.update(messages).set({ audienceEnqueuedAt: ctx.clock.now() }).where(eq(messages.id, m.id)).run();
  return added;
}

/** A cancelled (or archived) message gets no more rows, even from an enqueue already under way. */
function stillEnqueueing(ctx: Ctx, id: string): boolean {
  const row = ctx.db.select({ status: messages.status }).from(messages).where(eq(messages.id, id)).get();
  return row?.status === "sending" || row?.status === "paused";
}
