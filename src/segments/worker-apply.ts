import { eq } from "drizzle-orm";
import { type Ctx, withTx } from "../context.js";
import { segments } from "../db/schema/index.js";
import { evaluateContacts } from "./evaluate.js";
import { publishChanges, writeChanges, type Change, type ChangeReason } from "./memberships.js";
import { openMemberIds, openSegmentsOf, type Segment } from "./queries.js";
import type { CompiledSegment } from "./tree.js";
import { segmentReader } from "./worker-reader.js";

/**
 * Contacts per write transaction. With an off-thread read, each chunk is also re-checked on the main connection
 * right before it is written (a few hundred per-contact probes: a few ms), so a short chunk keeps every turn of
 * the event loop short.
 */
const APPLY_CHUNK = 100;

const tick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Full evaluation of one segment where it cannot stall HTTP (segmentReader), then the difference with its open
 * memberships written in short transactions, each published after it commits. Marks the segment exact as of `now`.
 */
export async function recomputeOffThread(ctx: Ctx, seg: Segment, compiled: CompiledSegment, reason: ChangeReason): Promise<Change[]> {
  const now = ctx.clock.now();
  const members = new Set(await segmentReader(ctx).evaluateAll(compiled, now));
  const before = openMemberIds(ctx, seg.id);
  const touched = [...members].filter((id) => !before.has(id));
  for (const id of before) if (!members.has(id)) touched.push(id);
  const changes = await applyEvaluated(ctx, seg, compiled, touched, (id) => members.has(id), now, reason);
  markRefreshed(ctx, seg.id, now);
  return changes;
}

/**
 * Re-evaluates `contactIds` for one segment off the main thread and applies what changed (the refresh job's
 * time candidates). Does not mark the segment refreshed: the caller does once every candidate is applied.
 */
export async function reevaluateOffThread(ctx: Ctx, seg: Segment, compiled: CompiledSegment, contactIds: string[], now: number, reason: ChangeReason): Promise<Change[]> {
  const flags = await segmentReader(ctx).evaluateContacts(seg.workspaceId, [compiled], contactIds, now);
  return applyEvaluated(ctx, seg, compiled, contactIds, (id) => flags.get(id)?.[0] ?? false, now, reason);
}

/**
 * Writes the membership changes of `contactIds` given `is` (membership as evaluated), chunk by chunk. When the
 * evaluation ran on another connection, each chunk is re-evaluated on the main one just before writing, in the
 * same synchronous turn: ingestion that landed meanwhile (and was already applied by watch.ts) is never undone.
 */
async function applyEvaluated(
  ctx: Ctx, seg: Segment, compiled: CompiledSegment, contactIds: string[], is: (id: string) => boolean, now: number, reason: ChangeReason,
): Promise<Change[]> {
  const confirm = segmentReader(ctx).offThread;
  const all: Change[] = [];
  for (let i = 0; i < contactIds.length; i += APPLY_CHUNK) {
    if (i > 0) await tick();
    const ids = contactIds.slice(i, i + APPLY_CHUNK);
    const open = openSegmentsOf(ctx, ids);
    let candidates = ids.filter((id) => is(id) !== (open.get(id)?.has(seg.id) ?? false));
    if (confirm && candidates.length > 0) {
      const fresh = evaluateContacts(ctx.db.$client, seg.workspaceId, [compiled], candidates, now);
      candidates = candidates.filter((id) => (fresh.get(id)?.[0] ?? false) === is(id));
    }
    const changes = candidates.map((contactId) => ({ segmentId: seg.id, contactId, entered: is(contactId) }));
    if (changes.length === 0) continue;
    withTx(ctx, () => writeChanges(ctx, changes, now));
    publishChanges(ctx, seg.workspaceId, changes, now, reason);
    all.push(...changes);
  }
  return all;
}

export function markRefreshed(ctx: Ctx, segmentId: string, now: number): void {
  ctx.db.update(segments).set({ refreshedAt: now }).where(eq(segments.id, segmentId)).run();
}
