import { eq } from "drizzle-orm";
import { type Ctx, withTx } from "../context.js";
import { segments } from "../db/schema/index.js";
import { conflict } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import { compileStored, invalidateCompiled, referencedSegments } from "./catalog.js";
import { compileDefinition } from "./compile.js";
import { evaluateAll } from "./evaluate.js";
import { fail, parseDefinition, type Definition } from "./inputs.js";
import { diffMembers, publishChanges, writeChanges, type Change, type ChangeReason } from "./memberships.js";
import { getSegment, listSegments, openMemberIds, type Segment } from "./queries.js";
import type { CompiledSegment } from "./tree.js";
import { oneAtATime, recomputeOffThread } from "./worker-apply.js";
import { segmentReader } from "./worker-reader.js";

/** Creates a segment from `{ name, match, conditions }` and computes its members (inline: see createSegmentOffThread). */
export function createSegment(ctx: Ctx, workspaceId: string, body: unknown): Segment {
  const { row, compiled } = insertSegment(ctx, workspaceId, body);
  recomputeSegment(ctx, row, compiled);
  return getSegment(ctx, workspaceId, row.id);
}

/**
 * createSegment for HTTP handlers: the full evaluation runs where it cannot stall the event loop (a worker thread
 * for a database file; inline for `:memory:`), and the promise resolves once every member is stored and published.
 */
export async function createSegmentOffThread(ctx: Ctx, workspaceId: string, body: unknown): Promise<Segment> {
  const { row, compiled } = insertSegment(ctx, workspaceId, body);
  await recomputeWhereItFits(ctx, row, compiled);
  return getSegment(ctx, workspaceId, row.id);
}

/**
 * Renames and/or redefines a segment (`match` or `conditions` missing from the body keep their value). A new
 * definition recomputes the segment in full, then every segment that refers to it (inline: see updateSegmentOffThread).
 */
export function updateSegment(ctx: Ctx, workspaceId: string, id: string, body: unknown): Segment {
  const redefined = storeUpdate(ctx, workspaceId, id, body);
  if (redefined) {
    recomputeSegment(ctx, redefined.row, redefined.compiled);
    for (const dep of dependentsOf(ctx, workspaceId, id)) recomputeSegment(ctx, dep, compileStored(ctx, dep));
  }
  return getSegment(ctx, workspaceId, id);
}

/** updateSegment for HTTP handlers: resolves once the segment and its dependents are recomputed (see createSegmentOffThread). */
export async function updateSegmentOffThread(ctx: Ctx, workspaceId: string, id: string, body: unknown): Promise<Segment> {
  const redefined = storeUpdate(ctx, workspaceId, id, body);
  if (redefined) {
    await recomputeWhereItFits(ctx, redefined.row, redefined.compiled);
    for (const dep of dependentsOf(ctx, workspaceId, id)) await recomputeWhereItFits(ctx, dep, compileStored(ctx, dep));
  }
  return getSegment(ctx, workspaceId, id);
}

/** Validates and inserts a new segment (refreshed as of now, no members yet). */
function insertSegment(ctx: Ctx, workspaceId: string, body: unknown): { row: Segment; compiled: CompiledSegment } {
  const name = parseName((body as { name?: unknown } | null)?.name, true);
  const def = parseDefinition(body);
  const compiled = compileDefinition({ ctx, workspaceId, strict: true, stack: [] }, def);
  const now = ctx.clock.now();
  const row = ctx.db
    .insert(segments)
    .values({
      id: newId("seg", now), workspaceId, name: name!, definition: defJson(def), personType: compiled.personType,
      timeRelative: compiled.timeRelative, refreshedAt: now, createdAt: now, updatedAt: now,
    })
    .returning()
    .get();
  invalidateCompiled();
  return { row, compiled };
}

/** Validates and stores an update; returns the new definition when the members must be recomputed. */
function storeUpdate(ctx: Ctx, workspaceId: string, id: string, body: unknown): { row: Segment; compiled: CompiledSegment } | undefined {
  const current = getSegment(ctx, workspaceId, id);
  const o = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const name = parseName(o.name, false);
  const now = ctx.clock.now();
  if (!("match" in o || "conditions" in o)) {
    if (name !== undefined) ctx.db.update(segments).set({ name, updatedAt: now }).where(eq(segments.id, id)).run();
    return undefined;
  }
  const old = current.definition as unknown as Definition;
  const def = parseDefinition({ ...(name !== undefined ? { name } : {}), match: o.match ?? old.match, conditions: o.conditions ?? old.conditions });
  const compiled = compileDefinition({ ctx, workspaceId, strict: true, stack: [id] }, def);
  const row = ctx.db
    .update(segments)
    .set({ ...(name !== undefined ? { name } : {}), definition: defJson(def), personType: compiled.personType, timeRelative: compiled.timeRelative, updatedAt: now })
    .where(eq(segments.id, id))
    .returning()
    .get();
  invalidateCompiled();
  return { row, compiled };
}

/** Off the main thread when reads run on a worker; otherwise the one-transaction inline recompute. */
async function recomputeWhereItFits(ctx: Ctx, seg: Segment, compiled: CompiledSegment): Promise<void> {
  if (segmentReader(ctx).offThread) await recomputeOffThread(ctx, seg, compiled, "definition");
  else await oneAtATime(ctx, seg.id, async () => recomputeSegment(ctx, seg, compiled));
}

/** Deletes a segment with its memberships and history; refused while another segment refers to it. */
export function deleteSegment(ctx: Ctx, workspaceId: string, id: string): Segment {
  const seg = getSegment(ctx, workspaceId, id);
  const user = listSegments(ctx, workspaceId).find((s) => s.id !== id && referencedSegments(s.definition as unknown as Definition).includes(id));
  if (user) throw conflict(`Segment is used by segment '${user.name}' (${user.id})`);
  ctx.db.delete(segments).where(eq(segments.id, id)).run();
  invalidateCompiled();
  return seg;
}

/**
 * Evaluates a segment in full and stores the difference (entries and exits at `now`), then publishes it.
 * Also marks the segment exact as of now for the refresh job.
 */
export function recomputeSegment(ctx: Ctx, seg: Segment, compiled: CompiledSegment, reason: ChangeReason = "definition"): Change[] {
  const now = ctx.clock.now();
  const ids = evaluateAll(ctx.db.$client, compiled, now);
  const changes = withTx(ctx, () => {
    const diff = diffMembers(seg.id, openMemberIds(ctx, seg.id), new Set(ids));
    writeChanges(ctx, diff, now);
    ctx.db
      .update(segments)
      .set({ refreshedAt: now, timeRelative: compiled.timeRelative, personType: compiled.personType })
      .where(eq(segments.id, seg.id))
      .run();
    return diff;
  });
  publishChanges(ctx, seg.workspaceId, changes, now, reason);
  return changes;
}

/** Segments that refer to `id` directly or through others (order does not matter: references are compiled inline). */
function dependentsOf(ctx: Ctx, workspaceId: string, id: string): Segment[] {
  const all = listSegments(ctx, workspaceId);
  const refs = new Map(all.map((s) => [s.id, referencedSegments(s.definition as unknown as Definition)]));
  const out: Segment[] = [];
  const reached = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of all) {
      if (reached.has(s.id) || !refs.get(s.id)!.some((r) => reached.has(r))) continue;
      reached.add(s.id);
      out.push(s);
      grew = true;
    }
  }
  return out;
}

function parseName(v: unknown, required: boolean): string | undefined {
  if (v === undefined && !required) return undefined;
  if (typeof v !== "string" || v.trim() === "" || v.length > 255) throw fail("name", "must be a non-empty string of at most 255 characters");
  return v.trim();
}

/** The stored form: just the tree, without the name. */
function defJson(def: Definition): Record<string, unknown> {
  return { match: def.match, conditions: def.conditions };
}
