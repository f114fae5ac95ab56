import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { segments } from "../db/schema/index.js";
import { MINUTE } from "../lib/clock.js";
import { compileDefinition } from "./compile.js";
import { parseDefinition, type Definition } from "./inputs.js";
import type { Segment } from "./queries.js";
import type { CompiledSegment } from "./tree.js";

/** Compiles a stored segment for evaluation: leniently, so a since-deleted tag or segment matches no one. */
export function compileStored(ctx: Ctx, seg: Segment): CompiledSegment {
  return compileDefinition({ ctx, workspaceId: seg.workspaceId, strict: false, stack: [seg.id] }, parseDefinition(seg.definition));
}

/** Segment ids a definition names directly. */
export function referencedSegments(def: Definition): string[] {
  const out: string[] = [];
  const walk = (d: Definition) => {
    for (const c of d.conditions) {
      if ("segment" in c) out.push(c.segment);
      else if ("match" in c) walk(c);
    }
  };
  walk(def);
  return out;
}

interface Cached {
  stamp: string;
  at: number;
  list: { segment: Segment; compiled: CompiledSegment }[];
}

const caches = new WeakMap<object, Map<string, Cached>>();
let generation = 0;

/** Drops compiled segments cached for the ingest path (called by every definition change in this process). */
export function invalidateCompiled(): void {
  generation++;
}

/** Compiled tags/attributes may go stale without a segment edit (a tag deleted and re-created): re-check this often. */
const MAX_AGE = MINUTE;

/**
 * Every segment of a workspace, compiled, for re-evaluating contacts after ingestion. Compiling reads the attribute
 * registry and tags, which would cost more than the evaluation itself, so the result is kept until a segment changes.
 */
export function workspaceSegments(ctx: Ctx, workspaceId: string): Cached["list"] {
  let byWs = caches.get(ctx.db);
  if (!byWs) caches.set(ctx.db, (byWs = new Map()));
  const row = ctx.db
    .select({ n: sql<number>`count(*)`, last: sql<number | null>`max(${segments.updatedAt})` })
    .from(segments)
    .where(eq(segments.workspaceId, workspaceId))
    .get();
  const stamp = `${generation}:${row?.n ?? 0}:${row?.last ?? 0}`;
  const now = ctx.clock.now();
  const hit = byWs.get(workspaceId);
  if (hit && hit.stamp === stamp && now - hit.at < MAX_AGE && now >= hit.at) return hit.list;
  const rows = ctx.db.select().from(segments).where(eq(segments.workspaceId, workspaceId)).all();
  const list: Cached["list"] = [];
  for (const segment of rows) {
    try {
      list.push({ segment, compiled: compileStored(ctx, segment) });
    } catch (e) {
      // A definition that no longer compiles (e.g. a custom attribute changed type) must not stop the others.
      ctx.log.error("segment does not compile", { segmentId: segment.id, err: e instanceof Error ? e.message : String(e) });
    }
  }
  byWs.set(workspaceId, { stamp, at: now, list });
  return list;
}
