import { eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { segments } from "../db/schema/index.js";
import { onTagRenamed } from "../tags/index.js";

/**
 * A definition with every `{ tag: from }` condition (nested groups included) naming `to` instead; the same object when
 * nothing names the tag. Conditions are matched by exact name, as the compiler looks tags up.
 */
export function renameTagIn<T>(node: T, from: string, to: string): T {
  if (Array.isArray(node)) {
    const out = node.map((n) => renameTagIn(n, from, to));
    return (out.some((n, i) => n !== node[i]) ? out : node) as T;
  }
  if (!node || typeof node !== "object") return node;
  const obj = node as Record<string, unknown>;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const next = k === "tag" && v === from ? to : renameTagIn(v, from, to);
    if (next !== v) changed = true;
    out[k] = next;
  }
  return (changed ? out : node) as T;
}

/** Rewrites the workspace's segment definitions that name the renamed tag; memberships stay (the tag is the same). */
export function renameTagInSegments(ctx: Ctx, workspaceId: string, from: string, to: string): void {
  const rows = ctx.db.select({ id: segments.id, definition: segments.definition }).from(segments).where(eq(segments.workspaceId, workspaceId)).all();
  for (const row of rows) {
    const next = renameTagIn(row.definition, from, to);
    if (next !== row.definition) ctx.db.update(segments).set({ definition: next, updatedAt: ctx.clock.now() }).where(eq(segments.id, row.id)).run();
  }
}

onTagRenamed(renameTagInSegments);
