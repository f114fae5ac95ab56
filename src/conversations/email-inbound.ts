import { createHash } from "node:crypto";
import type { Ctx } from "../context.js";
import type { InboundEmail, InboundRoute } from "../email/index.js";
import { invalid, notFound } from "../lib/errors.js";
import { addPart, type PartResult } from "./add-part.js";
import { findConversationById } from "./queries.js";

/**
 * The client message id of an emailed reply: derived from its Message-ID, so a relay or MTA that delivers
 * the same message twice (a retry after a lost answer) stores it once.
 */
function emailClientId(mail: InboundEmail): string | undefined {
  if (!mail.messageId) return undefined;
  return `email:${createHash("sha256").update(mail.messageId).digest("base64url").slice(0, 32)}`;
}

/**
 * An emailed reply to a conversation's reply address becomes the contact's comment in that conversation:
 * the new text only (quoted history and signature stripped), its Message-ID kept for threading. A closed
 * conversation reopens, as when the contact writes in the messenger, and the inbox hears it live.
 * NOT_FOUND (no such conversation) and VALIDATION (nothing new written) refuse the message for good.
 */
export function appendEmailReply(ctx: Ctx, mail: InboundEmail, route: Pick<InboundRoute, "conversationId">): PartResult {
  if (route.conversationId === undefined) throw notFound("No conversation has this reply address");
  const conv = findConversationById(ctx, route.conversationId);
  if (!conv) throw notFound("The conversation of this reply address no longer exists");
  const body = mail.reply.trim() || (mail.text.trim() && !mail.inReplyTo ? mail.text.trim() : "");
  if (!body) throw invalid("body", "The email has no new text above the quoted conversation");
  const clientMessageId = emailClientId(mail);
  return addPart(ctx, conv.workspaceId, conv.id, {
    author: { type: "contact", contactId: conv.contactId },
    kind: "comment",
    body: body.slice(0, 60_000),
    format: "text",
    ...(clientMessageId ? { clientMessageId } : {}),
    ...(mail.messageId ? { email: { messageId: mail.messageId, direction: "in" as const, ...(mail.from ? { from: mail.from.address } : {}) } } : {}),
  });
}
