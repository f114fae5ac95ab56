import { eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { segments } from "../db/schema/index.js";
import { MINUTE } from "../lib/clock.js";
import { findDataAttribute } from "../attributes/index.js";
import { compileDefinition } from "./compile.js";
import { parseDefinition, type Definition } from "./inputs.js";
import { definitionInterest, type Interest } from "./interest.js";
import type { Segment } from "./queries.js";
import { prepare } from "./sql.js";
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

export interface WatchedSegment {
  segment: Segment;
  compiled: CompiledSegment;
  /** The events and contact fields the definition reads (watch.ts skips segments an event cannot move). */
  interest: Interest;
}

interface Cached {
  stamp: string;
  at: number;
  /** The bus turn the stamp was last checked in (see `turn`). */
  checked: number;
  list: WatchedSegment[];
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
 * A bus delivery turn: every event a group commit published is delivered in the same turn of the event loop, so
 * the stamp query (a scan of the workspace's segments) runs once per turn, not once per event. Changes made in
 * this process bump `generation` at once; the stamp covers writes this process did not announce.
 */
let turn = 1;
let turnScheduled = false;
function currentTurn(): number {
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(() => {
      turn++;
      turnScheduled = false;
    });
  }
  return turn;
}

/**
 * Every segment of a workspace, compiled, for re-evaluating contacts after ingestion. Compiling reads the attribute
 * registry and tags, which would cost more than the evaluation itself, so the result is kept until a segment changes.
 */
export function workspaceSegments(ctx: Ctx, workspaceId: string): WatchedSegment[] {
  let byWs = caches.get(ctx.db);
  if (!byWs) caches.set(ctx.db, (byWs = new Map()));
  const now = ctx.clock.now();
  const hit = byWs.get(workspaceId);
  const fresh = (c: Cached) => now - c.at < MAX_AGE && now >= c.at;
  const t = currentTurn();
  if (hit && hit.checked === t && hit.stamp.startsWith(`${generation}:`) && fresh(hit)) return hit.list;
  const row = prepare(ctx.db.$client, "SELECT count(*), max(updated_at) FROM segments WHERE workspace_id = ?").raw(true).get(workspaceId) as [number, number | null] | undefined;
  const stamp = `${generation}:${row?.[0] ?? 0}:${row?.[1] ?? 0}`;
  if (hit && hit.stamp === stamp && fresh(hit)) {
    hit.checked = t;
    return hit.list;
  }
  const rows = ctx.db.select().from(segments).where(eq(segments.workspaceId, workspaceId)).all();
  const defs = new Map(rows.map((r) => [r.id, r.definition]));
  const lookup = (id: string): Definition | undefined => {
    const d = defs.get(id);
    try {
      return d === undefined ? undefined : parseDefinition(d);
    } catch {
      return undefined;
    }
  };
  const isCustom = (name: string) => !/["\\]/.test(name) && findDataAttribute(ctx, workspaceId, "contact", name) !== undefined;
  const list: WatchedSegment[] = [];
  for (const segment of rows) {
    try {
      const interest = definitionInterest(parseDefinition(segment.definition), lookup, isCustom);
      list.push({ segment, compiled: compileStored(ctx, segment), interest });
    } catch (e) {
      // A definition that no longer compiles (e.g. a custom attribute changed type) must not stop the others.
      ctx.log.error("segment does not compile", { segmentId: segment.id, err: e instanceof Error ? e.message : String(e) });
    }
  }
  byWs.set(workspaceId, { stamp, at: now, checked: t, list });
  return list;
}
