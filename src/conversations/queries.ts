import { and, asc, desc, eq, gt, inArray, lte, max, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { conversationParts, conversations } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";

export type Conversation = typeof conversations.$inferSelect;
export type Part = typeof conversationParts.$inferSelect;
export type ConversationState = Conversation["state"];
export type PartType = Part["partType"];

/** Conversation ids travel as numeric strings; anything else names no conversation. */
export function parseConversationId(id: string | number): number | undefined {
  const n = typeof id === "number" ? id : /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** A conversation of the workspace, or undefined. */
export function findConversation(ctx: Ctx, workspaceId: string, id: string | number): Conversation | undefined {
  const n = parseConversationId(id);
  if (n === undefined) return undefined;
  return ctx.db.select().from(conversations).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, n))).get();
}

/** A conversation of the workspace; throws NOT_FOUND (Intercom's "Conversation not found"). */
export function getConversation(ctx: Ctx, workspaceId: string, id: string | number): Conversation {
  const row = findConversation(ctx, workspaceId, id);
  if (!row) throw notFound("Conversation not found");
  return row;
}

/** A conversation by id whatever its workspace: for plumbing keyed by id alone (realtime topics). */
export function findConversationById(ctx: Ctx, id: number): Conversation | undefined {
  return ctx.db.select().from(conversations).where(eq(conversations.id, id)).get();
}

/** The contact's most recently active conversation (Intercom's `/conversations/last`), or undefined. */
export function findLastConversation(ctx: Ctx, workspaceId: string, contactId: string): Conversation | undefined {
  return ctx.db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.contactId, contactId)))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .get();
}

/** Conversations by id (any order), for serializing search hits and merge logs. */
export function listConversationsById(ctx: Ctx, workspaceId: string, ids: number[]): Conversation[] {
  if (ids.length === 0) return [];
  return ctx.db.select().from(conversations).where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.id, ids))).all();
}

export interface PartsQuery {
  /** Only parts with a larger id (resume, "load newer"). */
  after?: number | undefined;
  /** Only parts up to this id. */
  upTo?: number | undefined;
  /** Only what the contact may see (the widget): no notes, no state changes. */
  publicOnly?: boolean | undefined;
  limit?: number | undefined;
}

/** A conversation's parts in order (source included), oldest first. */
export function listParts(ctx: Ctx, conversationId: number, q: PartsQuery = {}): Part[] {
  return ctx.db
    .select()
    .from(conversationParts)
    .where(
      and(
        eq(conversationParts.conversationId, conversationId),
        q.after !== undefined ? gt(conversationParts.id, q.after) : undefined,
        q.upTo !== undefined ? lte(conversationParts.id, q.upTo) : undefined,
        q.publicOnly ? eq(conversationParts.public, true) : undefined,
      ),
    )
    .orderBy(asc(conversationParts.id))
    .limit(q.limit ?? 10_000)
    .all();
}

/** The newest `limit` parts of a conversation, oldest first (the API shows at most 500, as Intercom does). */
export function listRecentParts(ctx: Ctx, conversationId: number, limit: number): Part[] {
  const rows = ctx.db
    .select()
    .from(conversationParts)
    .where(eq(conversationParts.conversationId, conversationId))
    .orderBy(desc(conversationParts.id))
    .limit(limit)
    .all();
  return rows.reverse();
}

/** Public parts of all the contact's conversations after a part id (the widget's stream resume). */
export function listContactPartsAfter(ctx: Ctx, contactId: string, q: PartsQuery): Part[] {
  return ctx.db
    .select({ p: conversationParts })
    .from(conversationParts)
    .innerJoin(conversations, eq(conversations.id, conversationParts.conversationId))
    .where(
      and(
        eq(conversations.contactId, contactId),
        gt(conversationParts.id, q.after ?? 0),
        q.upTo !== undefined ? lte(conversationParts.id, q.upTo) : undefined,
        eq(conversationParts.public, true),
      ),
    )
    .orderBy(asc(conversationParts.id))
    .limit(q.limit ?? 10_000)
    .all()
    .map((r) => r.p);
}

/** A part by id within a workspace, or undefined. */
export function findPart(ctx: Ctx, workspaceId: string, partId: number): Part | undefined {
  return ctx.db
    .select()
    .from(conversationParts)
    .where(and(eq(conversationParts.workspaceId, workspaceId), eq(conversationParts.id, partId)))
    .get();
}

/** Highest part id ever stored (0 when none): the realtime hub starts its part cursor here. */
export function maxPartId(ctx: Ctx): number {
  const row = ctx.db.select({ n: max(conversationParts.id) }).from(conversationParts).get();
  // AUTOINCREMENT keeps deleted ids retired; sqlite_sequence remembers them when the rows are gone.
  const seq = ctx.db.get<{ seq: number } | undefined>(sql`SELECT seq FROM sqlite_sequence WHERE name = 'conversation_parts'`);
  return Math.max(row?.n ?? 0, seq?.seq ?? 0);
}

/** Ids of the operators who wrote in a conversation (Intercom's `teammates`). */
export function listTeammateIds(ctx: Ctx, conversationId: number): number[] {
  const rows = ctx.db
    .selectDistinct({ id: conversationParts.authorId })
    .from(conversationParts)
    .where(and(eq(conversationParts.conversationId, conversationId), eq(conversationParts.authorType, "operator")))
    .all();
  return rows.map((r) => Number(r.id)).filter((n) => n > 0).sort((a, b) => a - b);
}
