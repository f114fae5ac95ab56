import { withTx, type Ctx } from "../context.js";
import { getContact } from "../contacts/index.js";
import { conversations } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { getOperator } from "../operators/queries.js";
import { publishCreated } from "./events.js";
import { parseInput, startInput, type Actor, type StartInput } from "./inputs.js";
import { getConversation, type Conversation, type Part } from "./queries.js";
import { recordRead } from "./read.js";
import { applyParts, findByClientMessageId, insertPart, requireContent, storedBody } from "./write.js";

export interface StartResult {
  conversation: Conversation;
  /** The opening message (Intercom's `source`). */
  part: Part;
  /** True when the client message id was seen before: nothing was stored, the first result is echoed. */
  duplicate: boolean;
}

/**
 * Starts a conversation with a contact: the contact writes first (widget, `POST /conversations`), or an
 * operator messages the contact (`POST /messages`; the conversation is then assigned to that operator).
 */
export function startConversation(ctx: Ctx, workspaceId: string, raw: StartInput): StartResult {
  const input = parseInput(startInput, raw);
  const result = withTx(ctx, (): StartResult => {
    const contact = getContact(ctx, workspaceId, input.contactId);
    const author = normalizeAuthor(ctx, input.author, [input.contactId, contact.id]);
    const seen = findByClientMessageId(ctx, workspaceId, author, input.clientMessageId);
    if (seen) return { conversation: getConversation(ctx, workspaceId, seen.conversationId), part: seen, duplicate: true };
    const body = storedBody(input.body, input.format, author);
    requireContent(body, input.attachments);
    const now = ctx.clock.now();
    const at = input.createdAt ?? now;
    const byOperator = author.type === "operator";
    const conv = ctx.db
      .insert(conversations)
      .values({
        workspaceId,
        contactId: contact.id,
        deliveredAs: byOperator ? "admin_initiated" : "customer_initiated",
        channel: input.channel,
        subject: input.subject ?? null,
        assigneeId: byOperator && author.operatorId > 0 ? author.operatorId : null,
        createdAt: at,
        updatedAt: now,
      })
      .returning()
      .get();
    const part = insertPart(ctx, conv, {
      partType: "comment", public: true, author, body, attachments: input.attachments, clientMessageId: input.clientMessageId, createdAt: at,
    });
    const conversation = applyParts(ctx, conv, [part], now);
    recordRead(ctx, conversation, author, part.id, now);
    return { conversation, part, duplicate: false };
  });
  if (!result.duplicate) publishCreated(ctx, result.conversation, [result.part]);
  return result;
}

/** The contact itself by default; an operator must exist (0 = the API); the system cannot start one. */
function normalizeAuthor(ctx: Ctx, author: Actor | undefined, contactIds: [given: string, resolved: string]): Actor {
  if (!author || author.type === "contact") {
    if (author && !contactIds.includes(author.contactId)) throw invalid("author", "A contact can only start its own conversation");
    return { type: "contact", contactId: contactIds[1] };
  }
  if (author.type === "system") throw invalid("author", "A conversation is started by a contact or an operator");
  if (author.operatorId !== 0) getOperator(ctx, author.operatorId);
  return author;
}
