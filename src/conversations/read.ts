import { and, eq, sql } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { conversationReads, conversations } from "../db/schema/index.js";
import { publishRead, publishUpdated } from "./events.js";
import { readerSchema, parseInput, type Actor, type Reader } from "./inputs.js";
import { getConversation, type Conversation } from "./queries.js";
import { checkActor } from "./write.js";

/** The reader behind an actor, if it reads (the system does not; neither does operator 0, the API). */
function readerOf(actor: Actor): Reader | undefined {
  if (actor.type === "contact") return actor;
  if (actor.type === "operator" && actor.operatorId > 0) return actor;
  return undefined;
}

/**
 * Moves a reader's marker forward to `partId` (never back) inside the caller's transaction; an operator's
 * read also moves the team marker behind Intercom's `read`. Returns the updated conversation and whether
 * the reader's marker moved.
 */
export function recordRead(ctx: Ctx, conv: Conversation, actor: Actor, partId: number, now: number): { conversation: Conversation; moved: boolean } {
  const reader = readerOf(actor);
  if (!reader) return { conversation: conv, moved: false };
  const readerId = reader.type === "contact" ? reader.contactId : String(reader.operatorId);
  const res = ctx.db
    .insert(conversationReads)
    .values({ conversationId: conv.id, readerType: reader.type, readerId, lastReadPartId: partId, readAt: now })
    .onConflictDoUpdate({
      target: [conversationReads.conversationId, conversationReads.readerType, conversationReads.readerId],
      set: { lastReadPartId: partId, readAt: now },
      setWhere: sql`${conversationReads.lastReadPartId} < ${partId}`,
    })
    .run();
  let conversation = conv;
  if (reader.type === "operator" && (conv.adminReadPartId ?? 0) < partId) {
    conversation = ctx.db.update(conversations).set({ adminReadPartId: partId }).where(eq(conversations.id, conv.id)).returning().get();
  }
  return { conversation, moved: res.changes > 0 };
}

export interface ReadResult {
  conversation: Conversation;
  /** False when the marker was already there (nothing published). */
  changed: boolean;
  lastReadPartId: number;
}

/**
 * Marks a conversation read by its contact (the widget showed it) or by an operator (the inbox showed it),
 * up to `upToPartId` or its latest part. Publishes `conversation.read` (seen receipts, unread counts).
 */
export function markRead(ctx: Ctx, workspaceId: string, conversationId: string | number, rawReader: Reader, upToPartId?: number): ReadResult {
  const reader = parseInput(readerSchema, rawReader);
  const { who, ...res } = withTx(ctx, () => {
    const conv = getConversation(ctx, workspaceId, conversationId);
    const who = checkActor(ctx, conv, reader) as Reader;
    const target = Math.min(upToPartId ?? conv.lastPartId, conv.lastPartId);
    const { conversation, moved } = recordRead(ctx, conv, who, target, ctx.clock.now());
    return { who, conversation, changed: moved, lastReadPartId: target };
  });
  if (res.changed) publishRead(ctx, res.conversation, who, res.lastReadPartId);
  return res;
}

/**
 * Intercom's `PUT /conversations/{id}` `read`: true marks everything read for the team (and the operator, if
 * any); false makes the contact's latest message unread for the team again.
 */
export function setTeamRead(ctx: Ctx, workspaceId: string, conversationId: string | number, read: boolean, by: Actor): Conversation {
  const conv = withTx(ctx, () => {
    const c = getConversation(ctx, workspaceId, conversationId);
    checkActor(ctx, c, by);
    if (read) {
      const { conversation } = recordRead(ctx, c, by, c.lastPartId, ctx.clock.now());
      return ctx.db.update(conversations).set({ adminReadPartId: c.lastPartId }).where(eq(conversations.id, conversation.id)).returning().get();
    }
    const before = c.lastContactPartId === null ? c.adminReadPartId : Math.min(c.adminReadPartId ?? 0, c.lastContactPartId - 1);
    return ctx.db.update(conversations).set({ adminReadPartId: before }).where(eq(conversations.id, c.id)).returning().get();
  });
  publishUpdated(ctx, conv);
  return conv;
}

/** Messages from the team the contact has not read yet, across its conversations (the widget's unread count). */
export function countUnreadForContact(ctx: Ctx, workspaceId: string, contactId: string): number {
  const row = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM conversation_parts p
    JOIN conversations c ON c.id = p.conversation_id
    LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.reader_type = 'contact' AND r.reader_id = c.contact_id
    WHERE c.workspace_id = ${workspaceId} AND c.contact_id = ${contactId}
      AND p.public = 1 AND p.author_type <> 'contact' AND p.id > coalesce(r.last_read_part_id, 0)`);
  return row.n;
}

export interface ViewCount {
  /** Open conversations in the view. */
  open: number;
  /** Of those, the ones whose latest contact message this operator has not read. */
  unread: number;
}

/** Badge counts of the inbox views for one operator. */
export function inboxCounts(ctx: Ctx, workspaceId: string, operatorId: number): { mine: ViewCount; unassigned: ViewCount; all: ViewCount } {
  const unread = sql`(c.last_contact_part_id > coalesce(r.last_read_part_id, 0))`;
  const row = ctx.db.get<Record<string, number | null>>(sql`SELECT
      count(*) AS allOpen, sum(${unread}) AS allUnread,
      sum(c.assignee_id = ${operatorId}) AS mineOpen, sum(c.assignee_id = ${operatorId} AND ${unread}) AS mineUnread,
      sum(c.assignee_id IS NULL) AS unOpen, sum(c.assignee_id IS NULL AND ${unread}) AS unUnread
    FROM conversations c
    LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.reader_type = 'operator' AND r.reader_id = ${String(operatorId)}
    WHERE c.workspace_id = ${workspaceId} AND c.state = 'open'`);
  const n = (k: string) => row[k] ?? 0;
  return {
    mine: { open: n("mineOpen"), unread: n("mineUnread") },
    unassigned: { open: n("unOpen"), unread: n("unUnread") },
    all: { open: n("allOpen"), unread: n("allUnread") },
  };
}

/** A reader's marker in a conversation: the last part id it has read (0 when never), for unread badges and bold rows. */
export function readMarker(ctx: Ctx, conversationId: number, reader: Reader): number {
  const readerId = reader.type === "contact" ? reader.contactId : String(reader.operatorId);
  const row = ctx.db
    .select({ id: conversationReads.lastReadPartId })
    .from(conversationReads)
    .where(and(eq(conversationReads.conversationId, conversationId), eq(conversationReads.readerType, reader.type), eq(conversationReads.readerId, readerId)))
    .get();
  return row?.id ?? 0;
}
