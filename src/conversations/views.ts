import type { Attachment, PartMeta } from "../db/schema/index.js";
import type { Conversation, Part } from "./queries.js";

/**
 * The JSON a conversation and a part travel as in-process and over the realtime hub (SSE `data:`).
 * Ids are strings (as on every wire), times are epoch ms. The Intercom REST shape is built separately
 * in src/http/api/conversation-json.ts.
 */
export interface PartPayload {
  id: string;
  conversationId: string;
  type: Part["partType"];
  /** False for notes and state changes: never sent to the contact. */
  public: boolean;
  body: string | null;
  author: { type: Part["authorType"]; id: string | null };
  attachments: Attachment[];
  /** assignment parts: the new assignee's operator id, or null when unassigned. */
  assignedTo: string | null;
  meta: PartMeta | null;
  clientMessageId: string | null;
  createdAt: number;
}

export interface ConversationPayload {
  id: string;
  contactId: string;
  state: Conversation["state"];
  snoozedUntil: number | null;
  assigneeId: string | null;
  title: string | null;
  lastPartId: string;
  waitingSince: number | null;
  /** Read by the team up to the contact's latest message. */
  read: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Whether operators have read the contact's latest message (Intercom's `read`). */
export function isReadByTeam(c: Pick<Conversation, "lastContactPartId" | "adminReadPartId">): boolean {
  return c.lastContactPartId === null || (c.adminReadPartId ?? 0) >= c.lastContactPartId;
}

/** A part as realtime consumers receive it. */
export function partPayload(p: Part): PartPayload {
  return {
    id: String(p.id),
    conversationId: String(p.conversationId),
    type: p.partType,
    public: p.public,
    body: p.body,
    author: { type: p.authorType, id: p.authorId },
    attachments: p.attachments,
    assignedTo: p.assignedToId === null ? null : String(p.assignedToId),
    meta: p.meta,
    clientMessageId: p.clientMessageId,
    createdAt: p.createdAt,
  };
}

/** A conversation summary as realtime consumers receive it. */
export function conversationPayload(c: Conversation): ConversationPayload {
  return {
    id: String(c.id),
    contactId: c.contactId,
    state: c.state,
    snoozedUntil: c.snoozedUntil,
    assigneeId: c.assigneeId === null ? null : String(c.assigneeId),
    title: c.title,
    lastPartId: String(c.lastPartId),
    waitingSince: c.waitingSince,
    read: isReadByTeam(c),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
