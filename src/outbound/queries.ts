import { and, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { deliveries, messages, messageVariants, type MessageChannel, type MessageKind, type MessageStatus } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";

export type Message = typeof messages.$inferSelect;
export type Variant = typeof messageVariants.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export interface MessageWithVariants extends Message {
  variants: Variant[];
}

/** The message with its variants (by label), or undefined when it is not in this workspace. */
export function findMessage(ctx: Ctx, workspaceId: string, id: string): MessageWithVariants | undefined {
  const m = ctx.db.select().from(messages).where(and(eq(messages.id, id), eq(messages.workspaceId, workspaceId))).get();
  if (!m) return undefined;
  return { ...m, variants: listVariants(ctx, m.id) };
}

/** The message with its variants; NOT_FOUND when it is not in this workspace. */
export function getMessage(ctx: Ctx, workspaceId: string, id: string): MessageWithVariants {
  const m = findMessage(ctx, workspaceId, id);
  if (!m) throw notFound("Message not found");
  return m;
}

/** A message by id alone (jobs and hooks that start from a delivery). */
export function findMessageById(ctx: Ctx, id: string): Message | undefined {
  return ctx.db.select().from(messages).where(eq(messages.id, id)).get();
}

/** Variants of a message, A first. */
export function listVariants(ctx: Ctx, messageId: string): Variant[] {
  return ctx.db.select().from(messageVariants).where(eq(messageVariants.messageId, messageId)).orderBy(messageVariants.label).all();
}

export interface MessageFilter {
  status?: MessageStatus | MessageStatus[];
  kind?: MessageKind;
  channel?: MessageChannel;
  seriesId?: string;
  /** Keyset: messages created before this (createdAt, id). */
  before?: { createdAt: number; id: string };
  limit?: number;
}

/** Messages of a workspace, newest first (archived ones only when asked by status). */
export function listMessages(ctx: Ctx, workspaceId: string, filter: MessageFilter = {}): Message[] {
  const conds: (SQL | undefined)[] = [eq(messages.workspaceId, workspaceId)];
  if (filter.status) conds.push(inArray(messages.status, Array.isArray(filter.status) ? filter.status : [filter.status]));
  if (filter.kind) conds.push(eq(messages.kind, filter.kind));
  if (filter.channel) conds.push(eq(messages.channel, filter.channel));
  if (filter.seriesId) conds.push(eq(messages.seriesId, filter.seriesId));
  if (filter.before) {
    const b = filter.before;
    conds.push(or(lt(messages.createdAt, b.createdAt), and(eq(messages.createdAt, b.createdAt), lt(messages.id, b.id))));
  }
  return ctx.db.select().from(messages).where(and(...conds)).orderBy(desc(messages.createdAt), desc(messages.id)).limit(filter.limit ?? 100).all();
}

/** One delivery by id, or undefined. */
export function findDelivery(ctx: Ctx, id: string): Delivery | undefined {
  return ctx.db.select().from(deliveries).where(eq(deliveries.id, id)).get();
}

/** A contact's deliveries of one message, latest occurrence first. */
export function listContactDeliveries(ctx: Ctx, messageId: string, contactId: string): Delivery[] {
  return ctx.db.select().from(deliveries)
    .where(and(eq(deliveries.messageId, messageId), eq(deliveries.contactId, contactId)))
    .orderBy(desc(deliveries.occurrence)).all();
}
