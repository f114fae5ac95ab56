import { eq } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { conversations } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { publishDeleted, publishUpdated } from "./events.js";
import { parseInput, updateInput, type UpdateInput } from "./inputs.js";
import { getConversation, type Conversation } from "./queries.js";

const MAX_ATTRIBUTES = 100;

/** Merges custom attributes: scalars only, a null value removes its key. */
function mergeAttributes(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (["string", "number", "boolean"].includes(typeof value)) out[key] = typeof value === "string" ? value.slice(0, 65_535) : value;
    else throw invalid(`custom_attributes.${key}`, `custom_attributes.${key} must be a string, number, boolean or null`);
  }
  if (Object.keys(out).length > MAX_ATTRIBUTES) throw invalid("custom_attributes", `A conversation holds at most ${MAX_ATTRIBUTES} custom attributes`);
  return out;
}

/** Sets the title and/or merges custom attributes (Intercom `PUT /conversations/{id}`); adds no part. */
export function updateConversation(ctx: Ctx, workspaceId: string, conversationId: string | number, raw: UpdateInput): Conversation {
  const input = parseInput(updateInput, raw);
  const conv = withTx(ctx, () => {
    const c = getConversation(ctx, workspaceId, conversationId);
    const set: Partial<Conversation> = { updatedAt: ctx.clock.now() };
    if (input.title !== undefined) set.title = input.title === null || input.title.trim() === "" ? null : input.title.trim();
    if (input.customAttributes) set.customAttributes = mergeAttributes(c.customAttributes, input.customAttributes);
    return ctx.db.update(conversations).set(set).where(eq(conversations.id, c.id)).returning().get();
  });
  publishUpdated(ctx, conv);
  return conv;
}

/** Deletes a conversation with its parts, read markers and search index rows. */
export function deleteConversation(ctx: Ctx, workspaceId: string, conversationId: string | number): Conversation {
  const conv = withTx(ctx, () => {
    const c = getConversation(ctx, workspaceId, conversationId);
    ctx.db.delete(conversations).where(eq(conversations.id, c.id)).run();
    return c;
  });
  publishDeleted(ctx, conv);
  return conv;
}
