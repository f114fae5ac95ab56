import { createHash } from "node:crypto";
import type { Statement } from "better-sqlite3";
import type { Ctx } from "../context.js";
import { deliveries } from "../db/schema/index.js";
import { newId } from "../lib/ids.js";
import { getMessageForSend, type LoadedMessage } from "./loaded.js";
import type { Delivery, Message, Variant } from "./queries.js";

export interface EnqueueInput {
  workspaceId: string;
  messageId: string;
  contactId: string;
  /** Ongoing messages that fire again (every time, every N days) and series re-entries use 1, 2, … */
  occurrence?: number;
  enrollmentId?: string;
  /** Earliest send time; default now. */
  notBefore?: number;
}

/** A number in [0, 1) fixed by (message, contact, purpose): assignments never move between runs. */
export function bucket(messageId: string, contactId: string, purpose: string): number {
  return createHash("sha256").update(`${purpose}\0${messageId}\0${contactId}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}

/**
 * Where a contact falls: the control group (`null`) or a variant, chosen by a stable hash against the weights.
 * Once a winner is promoted everyone new gets it, and there is no control any more.
 */
export function pickVariant(m: Pick<Message, "id" | "controlPercent" | "winnerVariantId">, variants: Variant[], contactId: string): Variant | null {
  const winner = m.winnerVariantId ? variants.find((v) => v.id === m.winnerVariantId) : undefined;
  if (winner) return winner;
  if (m.controlPercent > 0 && bucket(m.id, contactId, "control") * 100 < m.controlPercent) return null;
  const weighted = variants.filter((v) => v.weight > 0);
  const pool = weighted.length > 0 ? weighted : variants;
  if (pool.length === 1) return pool[0]!;
  const total = pool.reduce((s, v) => s + Math.max(v.weight, 0), 0);
  let at = bucket(m.id, contactId, "variant") * (total || pool.length);
  for (const v of pool) {
    at -= total ? v.weight : 1;
    if (at < 0) return v;
  }
  return pool[pool.length - 1]!;
}

/** The row to insert for one contact (no I/O). */
export function deliveryRow(ctx: Ctx, m: LoadedMessage, input: Omit<EnqueueInput, "workspaceId" | "messageId">, now: number): typeof deliveries.$inferInsert {
  const variant = pickVariant(m, m.variants, input.contactId);
  return {
    id: newId("dl", now),
    workspaceId: m.workspaceId,
    messageId: m.id,
    variantId: variant?.id ?? null,
    contactId: input.contactId,
    channel: m.channel,
    occurrence: input.occurrence ?? 0,
    status: variant ? "queued" : "control",
    enrollmentId: input.enrollmentId ?? null,
    notBefore: input.notBefore ?? now,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Queues one message for one contact (or puts it in the control group). Returns the new delivery, or undefined
 * when this (message, contact, channel, occurrence) exists already. Safe inside the caller's transaction: it only
 * writes rows and publishes nothing.
 */
export function enqueueDelivery(ctx: Ctx, input: EnqueueInput): Delivery | undefined {
  const m = getMessageForSend(ctx, input.messageId);
  if (!m || m.workspaceId !== input.workspaceId) return undefined;
  const row = deliveryRow(ctx, m, input, ctx.clock.now());
  return ctx.db.insert(deliveries).values(row).onConflictDoNothing().returning().get();
}

const COLUMNS = ["id", "workspace_id", "message_id", "variant_id", "contact_id", "channel", "occurrence", "status", "enrollment_id", "not_before", "created_at", "updated_at"] as const;
const inserts = new WeakMap<object, Statement>();

/** One prepared INSERT per connection: building a multi-row insert through the query builder costs more than SQLite's work. */
function insertStatement(ctx: Ctx): Statement {
  let st = inserts.get(ctx.db.$client);
  if (!st) {
    st = ctx.db.$client.prepare(`INSERT INTO deliveries (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`);
    inserts.set(ctx.db.$client, st);
  }
  return st;
}

/** Queues many contacts at once (broadcasts); existing ones are skipped. Returns how many were new. Call inside a transaction. */
export function enqueueMany(ctx: Ctx, m: LoadedMessage, contactIds: string[], opts: { notBefore?: number; occurrence?: number } = {}): number {
  const now = ctx.clock.now();
  const st = insertStatement(ctx);
  let added = 0;
  for (const contactId of contactIds) {
    const r = deliveryRow(ctx, m, { contactId, ...opts }, now);
    added += st.run(r.id, r.workspaceId, r.messageId, r.variantId, r.contactId, r.channel, r.occurrence, r.status, r.enrollmentId, r.notBefore, r.createdAt, r.updatedAt).changes;
  }
  return added;
}
