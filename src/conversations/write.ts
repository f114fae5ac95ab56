import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { conversationParts, conversations, type Attachment, type PartMeta } from "../db/schema/index.js";
import { findContact } from "../contacts/index.js";
import { AppError, invalid } from "../lib/errors.js";
import { getOperator } from "../operators/queries.js";
import { indexPartText } from "./fts.js";
import { htmlToText, looksLikeHtml, sanitizeOperatorHtml, textToHtml } from "./html.js";
import type { Actor } from "./inputs.js";
import type { Conversation, Part, PartType } from "./queries.js";

/** The author columns of an actor. */
export function authorColumns(actor: Actor): { authorType: Part["authorType"]; authorId: string | null } {
  if (actor.type === "contact") return { authorType: "contact", authorId: actor.contactId };
  if (actor.type === "operator") return { authorType: "operator", authorId: String(actor.operatorId) };
  return { authorType: "system", authorId: null };
}

/**
 * Checks an actor may act on `conv`: a contact only on its own conversation (merge aliases followed, so a
 * merged-away lead id still works), an operator only if it exists (0 = the API itself). Returns it normalized.
 */
export function checkActor(ctx: Ctx, conv: Pick<Conversation, "workspaceId" | "contactId">, actor: Actor): Actor {
  if (actor.type === "operator") {
    if (actor.operatorId !== 0) getOperator(ctx, actor.operatorId);
    return actor;
  }
  if (actor.type === "system") return actor;
  const contact = findContact(ctx, conv.workspaceId, actor.contactId);
  if (!contact || contact.id !== conv.contactId) throw new AppError("FORBIDDEN", "This contact is not part of the conversation");
  return { type: "contact", contactId: contact.id };
}

/**
 * Stored HTML for a body: operators may send HTML (sanitized; a body with no tag in it is still read as text);
 * everything else is text. Blank gives null.
 */
export function storedBody(body: string | undefined, format: "text" | "html", actor: Actor): string | null {
  if (body === undefined || body.trim() === "") return null;
  const asHtml = format === "html" && actor.type === "operator" && looksLikeHtml(body);
  const html = asHtml ? sanitizeOperatorHtml(body) : textToHtml(body);
  return html === "" ? null : html;
}

/** A part already stored with this client message id by this author (idempotent sends). */
export function findByClientMessageId(ctx: Ctx, workspaceId: string, actor: Actor, clientMessageId: string | undefined): Part | undefined {
  if (!clientMessageId) return undefined;
  const a = authorColumns(actor);
  if (a.authorId === null) return undefined;
  return ctx.db
    .select()
    .from(conversationParts)
    .where(
      and(
        eq(conversationParts.workspaceId, workspaceId),
        eq(conversationParts.authorType, a.authorType),
        eq(conversationParts.authorId, a.authorId),
        eq(conversationParts.clientMessageId, clientMessageId),
      ),
    )
    .get();
}

export interface NewPart {
  partType: PartType;
  public: boolean;
  author: Actor;
  body?: string | null;
  attachments?: Attachment[];
  assignedToId?: number | null;
  meta?: PartMeta | null;
  clientMessageId?: string | undefined;
  createdAt: number;
}

/** Inserts a part and indexes its text for full-text search. Call inside the verb's transaction. */
export function insertPart(ctx: Ctx, conv: Conversation, p: NewPart): Part {
  const row = ctx.db
    .insert(conversationParts)
    .values({
      conversationId: conv.id,
      workspaceId: conv.workspaceId,
      partType: p.partType,
      public: p.public,
      ...authorColumns(p.author),
      body: p.body ?? null,
      attachments: p.attachments ?? [],
      assignedToId: p.assignedToId ?? null,
      meta: p.meta ?? null,
      clientMessageId: p.clientMessageId ?? null,
      createdAt: p.createdAt,
    })
    .returning()
    .get();
  if (row.body) indexPartText(ctx, row.id, htmlToText(row.body));
  return row;
}

/**
 * Records new parts on their conversation (last part, who waits since when) together with `changes`
 * (state, assignee…), and returns the updated row.
 */
export function applyParts(ctx: Ctx, conv: Conversation, parts: Part[], now: number, changes: Partial<Conversation> = {}): Conversation {
  const set: Partial<Conversation> = { ...changes, updatedAt: now };
  const last = parts[parts.length - 1];
  if (last) set.lastPartId = last.id;
  if (conv.sourcePartId === null && parts[0]) set.sourcePartId = parts[0].id;
  let waiting = changes.waitingSince !== undefined ? changes.waitingSince : conv.waitingSince;
  for (const p of parts) {
    const message = p.partType === "comment" || p.partType === "quick_reply";
    if (p.authorType === "contact" && message) {
      set.lastContactPartId = p.id;
      set.firstContactReplyAt = conv.firstContactReplyAt ?? set.firstContactReplyAt ?? p.createdAt;
      waiting ??= p.createdAt;
    } else if (p.authorType !== "contact" && message) {
      waiting = null;
    }
  }
  set.waitingSince = waiting;
  return ctx.db.update(conversations).set(set).where(eq(conversations.id, conv.id)).returning().get();
}

/** Refuses an empty message: a body or at least one attachment is needed. */
export function requireContent(body: string | null, attachments: unknown[], field = "body"): void {
  if (body === null && attachments.length === 0) throw invalid(field, `${field} is required`, "parameter_not_found");
}
