import { type Ctx, withTx } from "../context.js";
import { evaluateContacts } from "./evaluate.js";
import { publishChanges, writeChanges, type ChangeReason } from "./memberships.js";
import type { Segment } from "./queries.js";
import { prepare } from "./sql.js";
import type { CompiledSegment } from "./tree.js";
import { segmentReader, type DiffStream } from "./worker-reader.js";
import { openAmong } from "./worker-tasks.js";

/**
 * Contacts per write transaction: each chunk is re-checked on the main connection right before it is written, which
 * costs from a few µs per contact (pages cached) to a millisecond or more (pages read from disk), so the size adapts
 * to keep each turn of the event loop near TURN_MS.
 */
const TURN_MS = 8;
const MIN_CHUNK = 5;
const MAX_CHUNK = 500;
const FIRST_CHUNK = 50;
/** Membership changes between WAL checkpoints run on the worker (each change dirties a few pages). */
const CHECKPOINT_EVERY = 300;

const tick = () => new Promise((resolve) => setImmediate(resolve));

const running = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Runs `fn` once every earlier recompute or refresh of the same segment has finished: two applies of one segment
 * interleaving their chunks could otherwise write an older definition's answer last.
 */
export function oneAtATime<T>(ctx: Ctx, segmentId: string, fn: () => Promise<T>): Promise<T> {
  const bySegment = running.get(ctx.db.$client) ?? new Map<string, Promise<unknown>>();
  running.set(ctx.db.$client, bySegment);
  const run = (bySegment.get(segmentId) ?? Promise.resolve()).then(fn);
  const tail = run.then(() => undefined, () => undefined);
  bySegment.set(segmentId, tail);
  void tail.then(() => bySegment.get(segmentId) === tail && bySegment.delete(segmentId));
  return run;
}

/**
 * Full evaluation of one segment where it cannot stall HTTP (segmentReader), then the difference with its open
 * memberships written in short transactions, each published after it commits. Marks the segment exact as of
 * `now`. Resolves to the number of entries and exits.
 */
export function recomputeOffThread(ctx: Ctx, seg: Segment, compiled: CompiledSegment, reason: ChangeReason): Promise<number> {
  return oneAtATime(ctx, seg.id, async () => {
    const now = ctx.clock.now();
    const changes = await applyDiff(ctx, seg, compiled, await segmentReader(ctx).diff(compiled, seg.id, null, now), now, reason);
    markRefreshed(ctx, seg.id, now);
    return changes;
  });
}

/**
 * The refresh job's step for one segment: the contacts time may have moved since its last refresh are found and
 * evaluated off the main thread (in full past `fullAbove` of them), and what changed is applied here.
 */
export function refreshOffThread(ctx: Ctx, seg: Segment, compiled: CompiledSegment, now: number, fullAbove: number): Promise<{ candidates: number; changes: number }> {
  return oneAtATime(ctx, seg.id, async () => {
    const r = await segmentReader(ctx).refreshDiff(compiled, seg.id, seg.refreshedAt, now, fullAbove);
    const changes = await applyDiff(ctx, seg, compiled, r.pages, now, "time");
    markRefreshed(ctx, seg.id, now);
    return { candidates: r.candidates, changes };
  });
}

/** Writes a difference chunk by chunk, yielding to the event loop between chunks. */
async function applyDiff(ctx: Ctx, seg: Segment, compiled: CompiledSegment, pages: DiffStream, now: number, reason: ChangeReason): Promise<number> {
  let applied = 0;
  let first = true;
  let size = FIRST_CHUNK;
  let sinceCheckpoint = 0;
  for await (const page of pages) {
    for (const [ids, entered] of [[page.enter, true], [page.exit, false]] as const) {
      for (let i = 0; i < ids.length; ) {
        if (!first) await tick();
        first = false;
        const chunk = ids.slice(i, i + size);
        i += chunk.length;
        const t0 = performance.now();
        const wrote = applyChunk(ctx, seg, compiled, chunk, entered, now, reason);
        applied += wrote;
        // Well before SQLite's own checkpoint (1,000 WAL pages) would run inside one of these commits.
        if ((sinceCheckpoint += wrote) >= CHECKPOINT_EVERY) {
          sinceCheckpoint = 0;
          segmentReader(ctx).checkpoint();
        }
        const perContact = Math.max(performance.now() - t0, 0.01) / chunk.length;
        size = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(TURN_MS / perContact)));
      }
    }
  }
  if (sinceCheckpoint > 0) segmentReader(ctx).checkpoint();
  return applied;
}

/**
 * One chunk, in one synchronous turn: skips contacts already in the target state, re-evaluates the rest on the main
 * connection (the difference was read from an earlier commit, or before earlier chunks yielded: activity applied by
 * watch.ts meanwhile is never undone), then writes, commits and publishes.
 */
function applyChunk(ctx: Ctx, seg: Segment, compiled: CompiledSegment, ids: string[], entered: boolean, now: number, reason: ChangeReason): number {
  const db = ctx.db.$client;
  const open = openAmong(db, seg.id, ids);
  let todo = ids.filter((id) => open.has(id) !== entered);
  if (todo.length === 0) return 0;
  const fresh = evaluateContacts(db, seg.workspaceId, [compiled], todo, now);
  todo = todo.filter((id) => (fresh.get(id)?.[0] ?? false) === entered);
  if (todo.length === 0) return 0;
  const changes = todo.map((contactId) => ({ segmentId: seg.id, contactId, entered }));
  withTx(ctx, () => writeChanges(ctx, changes, now));
  publishChanges(ctx, seg.workspaceId, changes, now, reason);
  return changes.length;
}

export function markRefreshed(ctx: Ctx, segmentId: string, now: number): void {
  prepare(ctx.db.$client, "UPDATE segments SET refreshed_at = ? WHERE id = ?").run(now, segmentId);
}
