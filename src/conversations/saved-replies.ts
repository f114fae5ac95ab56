import { and, asc, eq } from "drizzle-orm";
import { Liquid } from "liquidjs";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { savedReplies } from "../db/schema/index.js";
import { invalid, notFound } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import { parseInput } from "./inputs.js";

export type SavedReply = typeof savedReplies.$inferSelect;

export const savedReplyInput = z.object({
  name: z.string().trim().min(1, "Give the reply a name").max(120),
  body: z.string().trim().min(1, "Write the reply").max(10_000),
});
export type SavedReplyInput = z.input<typeof savedReplyInput>;

/**
 * The rendered reply is plain text that goes into the composer and is escaped again when sent, so Liquid
 * must not HTML-escape here (it would show up as `&amp;`). The limits keep one bad template from stalling
 * the request; `ownPropertyOnly` stops walks up the prototype chain.
 */
const engine = new Liquid({ ownPropertyOnly: true, strictFilters: true, parseLimit: 100_000, renderLimit: 1_000, memoryLimit: 1_000_000 });

/** What a saved reply may refer to: the conversation's contact and the operator inserting it. */
export interface ReplyVars {
  contact: { name: string | null; email: string | null; user_id: string | null; first_name: string | null; custom_attributes: Record<string, unknown> };
  operator: { name: string; email: string };
}

function checkTemplate(body: string): void {
  try {
    engine.parse(body);
  } catch (err) {
    throw invalid("body", `Liquid error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Adds a saved reply to the workspace (the template is parsed first, so a broken one is refused). */
export function createSavedReply(ctx: Ctx, workspaceId: string, raw: SavedReplyInput, createdBy: number | null): SavedReply {
  const input = parseInput(savedReplyInput, raw);
  checkTemplate(input.body);
  const now = ctx.clock.now();
  return ctx.db
    .insert(savedReplies)
    .values({ id: newId("sr", now), workspaceId, name: input.name, body: input.body, createdBy, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

/** The workspace's saved replies by name. */
export function listSavedReplies(ctx: Ctx, workspaceId: string): SavedReply[] {
  return ctx.db.select().from(savedReplies).where(eq(savedReplies.workspaceId, workspaceId)).orderBy(asc(savedReplies.name)).all();
}

/** A saved reply of the workspace; throws NOT_FOUND. */
export function getSavedReply(ctx: Ctx, workspaceId: string, id: string): SavedReply {
  const row = ctx.db.select().from(savedReplies).where(and(eq(savedReplies.workspaceId, workspaceId), eq(savedReplies.id, id))).get();
  if (!row) throw notFound("Saved reply not found");
  return row;
}

/** Removes a saved reply of the workspace. */
export function deleteSavedReply(ctx: Ctx, workspaceId: string, id: string): void {
  getSavedReply(ctx, workspaceId, id);
  ctx.db.delete(savedReplies).where(and(eq(savedReplies.workspaceId, workspaceId), eq(savedReplies.id, id))).run();
}

/** Renders a saved reply as plain text for a contact; the caller escapes it wherever it is shown. */
export function renderSavedReply(reply: Pick<SavedReply, "body">, vars: ReplyVars): string {
  try {
    return engine.parseAndRenderSync(reply.body, vars) as string;
  } catch (err) {
    throw invalid("body", `Liquid error: ${err instanceof Error ? err.message : String(err)}`);
  }
}
