import { and, asc, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { funnels } from "../db/schema/index.js";
import { invalid, notFound } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import { parseFunnel, type FunnelDefinition } from "./funnel-inputs.js";

export interface SavedFunnel {
  id: string;
  name: string;
  definition: FunnelDefinition;
  updatedBy: number | null;
  createdAt: number;
  updatedAt: number;
}

function cleanName(name: string): string {
  const clean = name.trim();
  if (!clean || clean.length > 150) throw invalid("name", "Give the funnel a name of at most 150 characters.");
  return clean;
}

function toSaved(row: typeof funnels.$inferSelect): SavedFunnel {
  // Stored definitions were validated on save; parsing again fills defaults added since.
  return { id: row.id, name: row.name, definition: parseFunnel(row.definition), updatedBy: row.updatedBy, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** Saves a new funnel for the whole workspace. */
export function createFunnel(ctx: Ctx, ws: string, name: string, def: FunnelDefinition, operatorId: number | null): SavedFunnel {
  const now = ctx.clock.now();
  const row = ctx.db
    .insert(funnels)
    .values({ id: newId("fnl", now), workspaceId: ws, name: cleanName(name), definition: parseFunnel(def) as unknown as Record<string, unknown>, updatedBy: operatorId, createdAt: now, updatedAt: now })
    .returning()
    .get();
  return toSaved(row);
}

/** Renames and redefines a saved funnel. */
export function updateFunnel(ctx: Ctx, ws: string, id: string, name: string, def: FunnelDefinition, operatorId: number | null): SavedFunnel {
  getFunnel(ctx, ws, id);
  const row = ctx.db
    .update(funnels)
    .set({ name: cleanName(name), definition: parseFunnel(def) as unknown as Record<string, unknown>, updatedBy: operatorId, updatedAt: ctx.clock.now() })
    .where(and(eq(funnels.workspaceId, ws), eq(funnels.id, id)))
    .returning()
    .get();
  return toSaved(row!);
}

/** The workspace's funnel with this id; NOT_FOUND otherwise. */
export function getFunnel(ctx: Ctx, ws: string, id: string): SavedFunnel {
  const row = ctx.db.select().from(funnels).where(and(eq(funnels.workspaceId, ws), eq(funnels.id, id))).get();
  if (!row) throw notFound("That funnel does not exist.");
  return toSaved(row);
}

/** Every saved funnel of the workspace, by name. */
export function listFunnels(ctx: Ctx, ws: string): SavedFunnel[] {
  return ctx.db.select().from(funnels).where(eq(funnels.workspaceId, ws)).orderBy(asc(funnels.name), asc(funnels.id)).all().map(toSaved);
}

/** Deletes a saved funnel. */
export function deleteFunnel(ctx: Ctx, ws: string, id: string): SavedFunnel {
  const f = getFunnel(ctx, ws, id);
  ctx.db.delete(funnels).where(eq(funnels.id, id)).run();
  return f;
}
