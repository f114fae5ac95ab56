import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { onContactMerge, type Contact } from "../contacts/index.js";
import { messages } from "../db/schema/index.js";
import { renameTagIn } from "../segments/index.js";
import { onTagRenamed } from "../tags/index.js";

/**
 * A merged lead's deliveries and trigger memory move to the surviving contact, inside the merge transaction, so the
 * messages it saw (a dismissed post, an answered poll) stay seen and its figures stay counted. Where both had the same
 * message occurrence, the survivor's row is kept and the lead's goes with the lead.
 */
export function moveDeliveries(ctx: Ctx, from: Contact, into: Contact): void {
  ctx.db.run(sql`UPDATE OR IGNORE deliveries SET contact_id = ${into.id} WHERE contact_id = ${from.id}`);
  ctx.db.run(sql`UPDATE OR IGNORE message_trigger_states SET contact_id = ${into.id} WHERE contact_id = ${from.id}`);
}

/** Message audiences and triggers name tags; they follow a rename in the same transaction. */
export function renameTagInMessages(ctx: Ctx, workspaceId: string, from: string, to: string): void {
  const rows = ctx.db.select({ id: messages.id, audience: messages.audience, trigger: messages.trigger }).from(messages).where(eq(messages.workspaceId, workspaceId)).all();
  for (const row of rows) {
    const audience = renameTagIn(row.audience, from, to);
    const trigger = renameTagIn(row.trigger, from, to);
    if (audience !== row.audience || trigger !== row.trigger) ctx.db.update(messages).set({ audience, trigger }).where(eq(messages.id, row.id)).run();
  }
}

onContactMerge(moveDeliveries);
onTagRenamed(renameTagInMessages);
