import { and, eq, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { deliveries, messages } from "../db/schema/index.js";
import { MINUTE } from "../lib/clock.js";
import type { Delivery } from "./queries.js";

/** Channels the send job handles; in-app ones wait for the widget. */
export const SENT_BY_JOB = ["email", "chat"] as const;
/** A claim older than this belongs to a sender that died (sends take seconds, not minutes). */
export const LEASE_MS = 5 * MINUTE;

const recovered = new WeakSet<object>();

/** Claims a stopped sender left behind: `requeued` in all, of which `ambiguous` had already gone to the transport. */
export interface Recovered {
  requeued: number;
  ambiguous: number;
}

/** Marks the resend of a message the server may already have (kept until the resend's result replaces it). */
export const AMBIGUOUS_NOTE = "resent after a stop: the server may have had it (same Message-ID)";

/**
 * Puts claims of a dead sender back in the queue: at the first run in this process every claim is from a previous
 * one (one sender per database), later only claims past their lease. A claim with `sending_at` reached the transport
 * and maybe the server: it is sent again with the same Message-ID (`<delivery id@host>`), so the receiving side
 * sees one message. The others never left Parley.
 */
export function recoverClaims(ctx: Ctx): Recovered {
  const now = ctx.clock.now();
  const first = !recovered.has(ctx.db);
  recovered.add(ctx.db);
  const stale = first ? undefined : lt(deliveries.claimedAt, now - LEASE_MS);
  const mine = and(eq(deliveries.status, "claimed"), inArray(deliveries.channel, [...SENT_BY_JOB]), stale);
  return withTx(ctx, () => {
    const ambiguous = ctx.db.update(deliveries).set({ status: "queued", sendingAt: null, error: AMBIGUOUS_NOTE, updatedAt: now })
      .where(and(mine, isNotNull(deliveries.sendingAt))).run().changes;
    const rest = ctx.db.update(deliveries).set({ status: "queued", updatedAt: now }).where(mine).run().changes;
    return { requeued: ambiguous + rest, ambiguous };
  });
}

/**
 * Takes up to `limit` due deliveries of sending/live messages, higher message priority first, by the status
 * transition itself (`UPDATE … WHERE status = 'queued'`): a row is claimed by one sender or none.
 * `perMessage` caps what one message may take (its send rate).
 */
export function claimDue(ctx: Ctx, limit: number, perMessage: (messageId: string) => number): Delivery[] {
  const now = ctx.clock.now();
  // Active messages are few; their due rows are then read per message off (message_id, status, not_before).
  const active = ctx.db.select({ id: messages.id }).from(messages)
    .where(and(inArray(messages.status, ["sending", "live"]), inArray(messages.channel, [...SENT_BY_JOB])))
    .orderBy(sql`${messages.priority} DESC`, messages.createdAt).all();
  const out: Delivery[] = [];
  for (const { id: messageId } of active) {
    const take = Math.min(limit - out.length, perMessage(messageId));
    if (take <= 0) continue;
    const rows = ctx.db.update(deliveries).set({ status: "claimed", claimedAt: now, attempts: sql`${deliveries.attempts} + 1`, updatedAt: now })
      // `+status`: look the rows up by id; the status index would visit every queued row of every message.
      .where(and(sql`+${deliveries.status} = 'queued'`, inArray(deliveries.id, sql`(SELECT id FROM deliveries WHERE message_id = ${messageId} AND status = 'queued' AND not_before <= ${now} ORDER BY not_before LIMIT ${take})`)))
      .returning().all();
    out.push(...rows);
    if (out.length >= limit) break;
  }
  return out;
}

/** Claims one due email/chat delivery by id (the same status transition), or undefined. */
export function claimOne(ctx: Ctx, deliveryId: string): Delivery | undefined {
  const now = ctx.clock.now();
  return ctx.db.update(deliveries).set({ status: "claimed", claimedAt: now, attempts: sql`${deliveries.attempts} + 1`, updatedAt: now })
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.status, "queued"), inArray(deliveries.channel, [...SENT_BY_JOB]), lte(deliveries.notBefore, now)))
    .returning().get();
}

/** Deliveries of one message sent (or being sent) after `since`: the send-rate budget. */
export function sentSince(ctx: Ctx, messageId: string, since: number): number {
  return ctx.db.select({ n: sql<number>`count(*)` }).from(deliveries)
    .where(and(eq(deliveries.messageId, messageId), sql`coalesce(${deliveries.sentAt}, ${deliveries.claimedAt}) > ${since}`, inArray(deliveries.status, ["sent", "claimed"])))
    .get()?.n ?? 0;
}

/** Sending email/chat one-offs with every delivery done (none queued or claimed) become `sent`. Returns them. */
export function finishSent(ctx: Ctx): { id: string; workspaceId: string }[] {
  const now = ctx.clock.now();
  return ctx.db.update(messages).set({ status: "sent", finishedAt: now, updatedAt: now })
    .where(and(eq(messages.status, "sending"), eq(messages.kind, "one_off"), inArray(messages.channel, [...SENT_BY_JOB]), sql`${messages.audienceEnqueuedAt} IS NOT NULL`,
      sql`NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = ${messages.id} AND d.status IN ('queued', 'claimed'))`))
    .returning({ id: messages.id, workspaceId: messages.workspaceId }).all();
}
