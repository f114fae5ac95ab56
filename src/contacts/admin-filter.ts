import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { compileDefinition, parseDefinition, registerFunctions, type CompiledSegment, type Definition } from "../segments/index.js";

type Frag = CompiledSegment["root"]["test"];

const registered = new WeakSet<Database.Database>();

/**
 * Checks a filter written as a segment definition (`{ match, conditions }`) and compiles it with the segments
 * compiler, so the contacts filter and a saved segment always mean the same thing. Problems are VALIDATION errors
 * naming their path (`conditions[1].value`); unknown tags and segments are refused, as when saving a segment.
 */
export function compileFilter(ctx: Ctx, workspaceId: string, raw: unknown): { definition: Definition; where: SQL } {
  const definition = parseDefinition(raw);
  const compiled = compileDefinition({ ctx, workspaceId, strict: true, stack: [] }, definition);
  const client = ctx.db.$client;
  if (!registered.has(client)) {
    // random_percent conditions call a SQL function the segments engine registers per connection.
    registerFunctions(client);
    registered.add(client);
  }
  return { definition, where: toDrizzle(compiled.root.test, ctx.clock.now()) };
}

/**
 * A compiled fragment as drizzle SQL, its time-relative parameters fixed at `now`. Fragment text holds a `?` for
 * each parameter and none anywhere else (literals are always parameters), which the count check enforces.
 */
export function toDrizzle(f: Frag, now: number): SQL {
  const pieces = f.sql.split("?");
  if (pieces.length !== f.params.length + 1) throw new Error("compiled filter has unexpected placeholders");
  const chunks: SQL[] = [sql.raw(pieces[0]!)];
  f.params.forEach((p, i) => chunks.push(sql`${bindParam(p, now)}`, sql.raw(pieces[i + 1]!)));
  return sql.join(chunks);
}

/** A parameter's value at `now`: time-relative ones are `{ ago: ms }` (meaning `now - ms`). */
function bindParam(p: unknown, now: number): unknown {
  if (typeof p === "function") return (p as (now: number) => number)(now);
  if (p !== null && typeof p === "object" && "ago" in p && typeof p.ago === "number") return now - p.ago;
  return p;
}
