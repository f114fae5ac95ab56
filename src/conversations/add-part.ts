import type { z } from "zod";
import { withTx, type Ctx } from "../context.js";
import type { PartMeta } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { publishParts } from "./events.js";
import { parseInput, partInput, type Actor, type PartInput } from "./inputs.js";
import { getConversation, type Conversation, type Part } from "./queries.js";
import { recordRead } from "./read.js";
import { applyParts, checkActor, findByClientMessageId, insertPart, requireContent, storedBody, type NewPart } from "./write.js";

export interface PartResult {
  conversation: Conversation;
  /** The part written (or, for a duplicate, the one stored the first time). */
  part: Part;
  /** Every part this call stored, in order: an `open` part precedes a comment that reopened the conversation. */
  parts: Part[];
  duplicate: boolean;
}

/**
 * Adds a message to a conversation: a comment by the contact or an operator, a note or a quick reply by an
 * operator. A contact's comment on a closed or snoozed conversation reopens it first (an `open` part).
 * A repeated client message id from the same author stores nothing and returns the first part.
 */
export function addPart(ctx: Ctx, workspaceId: string, conversationId: string | number, raw: PartInput): PartResult {
  const input = parseInput(partInput, raw);
  const result = withTx(ctx, (): PartResult => {
    const conv = getConversation(ctx, workspaceId, conversationId);
    const author = checkActor(ctx, conv, input.author);
    const seen = findByClientMessageId(ctx, workspaceId, author, input.clientMessageId);
    if (seen) return { conversation: getConversation(ctx, workspaceId, seen.conversationId), part: seen, parts: [], duplicate: true };
    const message = messagePart(input, author);
    const now = ctx.clock.now();
    const at = input.createdAt ?? now;
    const parts: Part[] = [];
    const reopen = author.type === "contact" && conv.state !== "open";
    if (reopen) parts.push(insertPart(ctx, conv, { partType: "open", public: false, author, createdAt: at }));
    parts.push(insertPart(ctx, conv, { ...message, createdAt: at }));
    const part = parts[parts.length - 1]!;
    const updated = applyParts(ctx, conv, parts, now, reopen ? { state: "open", snoozedUntil: null } : {});
    const { conversation } = recordRead(ctx, updated, author, part.id, now);
    return { conversation, part, parts, duplicate: false };
  });
  if (!result.duplicate) publishParts(ctx, result.conversation, result.parts);
  return result;
}

/** The part an input describes, after checking who may write what. */
function messagePart(input: z.output<typeof partInput>, author: Actor): Omit<NewPart, "createdAt"> {
  if (author.type === "contact" && input.kind !== "comment") throw invalid("kind", "A contact can only write comments");
  const body = storedBody(input.body, input.format, author);
  const meta: PartMeta = {};
  if (input.kind === "quick_reply") {
    if (!input.replyOptions?.length) throw invalid("reply_options", "A quick reply needs reply options", "parameter_not_found");
    meta.replyOptions = input.replyOptions;
  } else {
    requireContent(body, input.attachments);
  }
  if (input.quickReplyUuid) {
    if (author.type !== "contact") throw invalid("quickReplyUuid", "Only a contact answers a quick reply");
    meta.quickReplyUuid = input.quickReplyUuid;
  }
  if (input.email) meta.email = input.email;
  return {
    partType: input.kind,
    public: input.kind !== "note",
    author,
    body,
    attachments: input.attachments,
    meta: Object.keys(meta).length > 0 ? meta : null,
    clientMessageId: input.clientMessageId,
  };
}
