import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { onContactMerge, type Contact } from "../contacts/index.js";
import { conversationParts, conversationReads, conversations } from "../db/schema/index.js";

/**
 * Moves a merged lead's conversations to the surviving contact, inside the merge transaction: the
 * conversations themselves, the parts the lead wrote and the lead's read markers.
 */
export function moveConversations(ctx: Ctx, from: Contact, into: Contact): void {
  ctx.db.update(conversations).set({ contactId: into.id }).where(eq(conversations.contactId, from.id)).run();
  // Client message ids are unique per author; should both have used the same one, the moved part lets go of it.
  ctx.db.run(sql`UPDATE conversation_parts SET client_message_id = NULL
    WHERE author_type = 'contact' AND author_id = ${from.id} AND client_message_id IN (
      SELECT client_message_id FROM conversation_parts WHERE author_type = 'contact' AND author_id = ${into.id} AND client_message_id IS NOT NULL)`);
  ctx.db
    .update(conversationParts)
    .set({ authorId: into.id })
    .where(and(eq(conversationParts.authorType, "contact"), eq(conversationParts.authorId, from.id)))
    .run();
  // Each conversation has one contact, so the lead's markers cannot collide with the user's.
  ctx.db
    .update(conversationReads)
    .set({ readerId: into.id })
    .where(and(eq(conversationReads.readerType, "contact"), eq(conversationReads.readerId, from.id)))
    .run();
}

let registered = false;

/** Registers the move with every contact merge (once per process; importing the domain does it). */
export function registerMergeHook(): void {
  if (registered) return;
  registered = true;
  onContactMerge(moveConversations);
}
