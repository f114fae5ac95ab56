import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./contacts.js";
import { operators, workspaces } from "./workspaces.js";

/** A file attached to a part (an uploaded image, or a URL given to the API). */
export interface Attachment {
  type: "upload";
  name: string;
  url: string;
  contentType: string | null;
  filesize: number | null;
  width: number | null;
  height: number | null;
}

/** Extra facts of a part that only some kinds carry. */
export interface PartMeta {
  /** quick_reply: the buttons offered to the contact. */
  replyOptions?: { text: string; uuid: string }[];
  /** A contact's comment that answered a quick reply: the chosen option. */
  quickReplyUuid?: string;
  /** snoozed: until when (ms). */
  snoozedUntil?: number;
  /** A message that travelled by email: its Message-ID (threads later replies) and which way it went. */
  email?: { messageId: string; direction: "in" | "out"; from?: string };
}

export const CONVERSATION_STATES = ["open", "snoozed", "closed"] as const;
export const PART_TYPES = ["comment", "note", "quick_reply", "assignment", "open", "close", "snoozed", "timer_unsnooze"] as const;
export const AUTHOR_TYPES = ["contact", "operator", "system"] as const;

/**
 * A conversation between one contact and the team. INTEGER AUTOINCREMENT ids: Intercom shows conversation
 * ids as numeric strings ("106"), and AUTOINCREMENT never hands out a deleted row's id again.
 */
export const conversations = sqliteTable(
  "conversations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    state: text("state", { enum: CONVERSATION_STATES }).notNull().default("open"),
    snoozedUntil: integer("snoozed_until"),
    assigneeId: integer("assignee_id").references(() => operators.id, { onDelete: "set null" }),
    deliveredAs: text("delivered_as", { enum: ["customer_initiated", "admin_initiated"] }).notNull(),
    channel: text("channel", { enum: ["chat", "email"] }).notNull().default("chat"),
    subject: text("subject"),
    title: text("title"),
    customAttributes: text("custom_attributes", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** The opening message (Intercom's `source`); not listed among `conversation_parts`. */
    sourcePartId: integer("source_part_id"),
    lastPartId: integer("last_part_id").notNull().default(0),
    /** Latest comment by the contact: operators have read the conversation once their marker reaches it. */
    lastContactPartId: integer("last_contact_part_id"),
    /** Team-wide read marker behind Intercom's `read` flag. */
    adminReadPartId: integer("admin_read_part_id"),
    /** Since when the contact waits for an answer; null once an operator replied or closed. */
    waitingSince: integer("waiting_since"),
    firstContactReplyAt: integer("first_contact_reply_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("conversations_ws_state_updated").on(t.workspaceId, t.state, t.updatedAt),
    index("conversations_ws_assignee").on(t.workspaceId, t.assigneeId, t.state),
    index("conversations_contact").on(t.contactId, t.id),
    // The inbox report reads conversations started in a date range.
    index("conversations_ws_created").on(t.workspaceId, t.createdAt),
    index("conversations_snoozed").on(t.snoozedUntil).where(sql`${t.state} = 'snoozed'`),
  ],
);

/** One entry of a conversation: a message, a note, or a state change (assignment, open, close, snooze…). */
export const conversationParts = sqliteTable(
  "conversation_parts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: integer("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    partType: text("part_type", { enum: PART_TYPES }).notNull(),
    /** Shown to the contact (messages and closing words); notes and state changes are for operators only. */
    public: integer("public", { mode: "boolean" }).notNull(),
    authorType: text("author_type", { enum: AUTHOR_TYPES }).notNull(),
    /** Contact id, operator id as text ("0" = the API itself), or null for the system. */
    authorId: text("author_id"),
    /** Sanitized HTML. */
    body: text("body"),
    attachments: text("attachments", { mode: "json" }).$type<Attachment[]>().notNull().default([]),
    /** assignment parts: the new assignee (null = unassigned). */
    assignedToId: integer("assigned_to_id"),
    meta: text("meta", { mode: "json" }).$type<PartMeta>(),
    /** Sender-chosen id: a retried send is stored once and echoed back. */
    clientMessageId: text("client_message_id"),
    externalId: text("external_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("conversation_parts_conversation").on(t.conversationId, t.id),
    index("conversation_parts_author").on(t.authorType, t.authorId),
    uniqueIndex("conversation_parts_client_message")
      .on(t.workspaceId, t.authorType, t.authorId, t.clientMessageId)
      .where(sql`${t.clientMessageId} IS NOT NULL`),
    index("conversation_parts_assignment").on(t.assignedToId, t.id).where(sql`${t.partType} = 'assignment'`),
  ],
);

/** How far a reader (the contact, or one operator) has read a conversation. */
export const conversationReads = sqliteTable(
  "conversation_reads",
  {
    conversationId: integer("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    readerType: text("reader_type", { enum: ["contact", "operator"] }).notNull(),
    readerId: text("reader_id").notNull(),
    lastReadPartId: integer("last_read_part_id").notNull(),
    readAt: integer("read_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.readerType, t.readerId] }), index("conversation_reads_reader").on(t.readerType, t.readerId)],
);
