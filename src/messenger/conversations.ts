import type { Ctx } from "../context.js";
import {
  addPart, countUnreadForContact, findConversation, listConversations, listParts, listRecentParts, markRead, partPayload, readMarker,
  startConversation, type Conversation, type Part, type PartPayload,
} from "../conversations/index.js";
import type { Attachment } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";

/** A conversation as the widget lists it: never notes, assignees or anything the contact must not see. */
export interface WidgetConversation {
  id: string;
  state: Conversation["state"];
  createdAt: number;
  updatedAt: number;
  /** The latest public part, for the list preview. */
  lastPart: PartPayload | null;
  /** Team messages after the contact's read marker. */
  unread: boolean;
}

const LIST_LIMIT = 30;

/**
 * The session's own conversation, or NOT_FOUND — the same answer whether it belongs to another contact or
 * does not exist, so a widget cannot probe ids.
 */
export function ownConversation(ctx: Ctx, workspaceId: string, contactId: string, id: string): Conversation {
  const conv = findConversation(ctx, workspaceId, id);
  if (!conv || conv.contactId !== contactId) throw notFound("Conversation not found");
  return conv;
}

/** The contact's latest conversations, most recently active first. */
export function listWidgetConversations(ctx: Ctx, workspaceId: string, contactId: string): WidgetConversation[] {
  const page = listConversations(ctx, workspaceId, { contactId, order: "last_activity", perPage: LIST_LIMIT });
  return page.rows.map((c) => summarize(ctx, c, contactId));
}

function summarize(ctx: Ctx, c: Conversation, contactId: string): WidgetConversation {
  const recent = listRecentParts(ctx, c.id, 20).filter((p) => p.public);
  const last = recent[recent.length - 1];
  const marker = readMarker(ctx, c.id, { type: "contact", contactId });
  const unread = recent.some((p) => p.authorType !== "contact" && p.id > marker);
  return { id: String(c.id), state: c.state, createdAt: c.createdAt, updatedAt: c.updatedAt, lastPart: last ? partPayload(last) : null, unread };
}

/** One conversation with the parts the contact may see, oldest first. */
export function widgetThread(ctx: Ctx, workspaceId: string, contactId: string, id: string): { conversation: WidgetConversation; parts: PartPayload[] } {
  const conv = ownConversation(ctx, workspaceId, contactId, id);
  const parts = listParts(ctx, conv.id, { publicOnly: true, limit: 500 }).map(partPayload);
  return { conversation: summarize(ctx, conv, contactId), parts };
}

/** The contact writes first: a new conversation (text, images, or both). */
export function startWidgetConversation(ctx: Ctx, workspaceId: string, contactId: string, body: string, clientMessageId?: string, attachments: Attachment[] = []) {
  const res = startConversation(ctx, workspaceId, { contactId, body, attachments, ...(clientMessageId ? { clientMessageId } : {}) });
  return { conversation: summarize(ctx, res.conversation, contactId), part: partPayload(res.part as Part), duplicate: res.duplicate };
}

/** The contact replies in its own conversation (a closed one reopens). */
export function replyInWidget(ctx: Ctx, workspaceId: string, contactId: string, id: string, body: string, clientMessageId?: string, attachments: Attachment[] = []) {
  const conv = ownConversation(ctx, workspaceId, contactId, id);
  const res = addPart(ctx, workspaceId, conv.id, { author: { type: "contact", contactId }, body, attachments, ...(clientMessageId ? { clientMessageId } : {}) });
  return { part: partPayload(res.part), duplicate: res.duplicate };
}

/** The widget showed the conversation: moves the contact's read marker and returns the new unread count. */
export function readInWidget(ctx: Ctx, workspaceId: string, contactId: string, id: string, upToPartId?: number): { unreadCount: number } {
  const conv = ownConversation(ctx, workspaceId, contactId, id);
  markRead(ctx, workspaceId, conv.id, { type: "contact", contactId }, upToPartId);
  return { unreadCount: countUnreadForContact(ctx, workspaceId, contactId) };
}

/** The contact's typing indicator, for operators watching the conversation (never stored). */
export function contactTyping(ctx: Ctx, workspaceId: string, contactId: string, id: string): { conversationId: string } {
  const conv = ownConversation(ctx, workspaceId, contactId, id);
  return { conversationId: String(conv.id) };
}
