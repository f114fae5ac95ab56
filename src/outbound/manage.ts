import { and, eq, inArray, notInArray } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { deliveries, messages, messageVariants, type MessageStatus } from "../db/schema/index.js";
import { AppError, conflict, notFound } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import { fail, VARIANT_LABELS, type MessageInput, type MessagePatch, type VariantInput } from "./inputs.js";
import { checkAbMetric } from "./abtest-metric.js";
import { getMessage, type MessageWithVariants } from "./queries.js";
import { checkReferences } from "./validate.js";

/** After commit: the admin's live views and the series engine follow messages through this. */
export function publishMessage(ctx: Ctx, m: { workspaceId: string; id: string; status: MessageStatus }): void {
  ctx.bus.publish("message.updated", { workspaceId: m.workspaceId, messageId: m.id, status: m.status });
}

/** Creates a draft message with its variants (A, B… in order unless labelled). */
export function createMessage(ctx: Ctx, workspaceId: string, input: MessageInput, operatorId?: number): MessageWithVariants {
  checkReferences(ctx, workspaceId, input);
  checkAbMetric({ abMetric: input.abMetric ?? null, channel: input.channel, goal: input.goal ?? null });
  const now = ctx.clock.now();
  const id = newId("msg", now);
  const m = withTx(ctx, () => {
    ctx.db.insert(messages).values({
      id, workspaceId, name: input.name, kind: input.kind, channel: input.channel, status: "draft",
      audience: input.audience as Record<string, unknown>, trigger: input.trigger ?? null, frequency: input.frequency,
      display: input.display, goal: input.goal ?? null, deliveryWindow: input.deliveryWindow ?? null,
      bypassCap: input.bypassCap, priority: input.priority, controlPercent: input.controlPercent, autoPromote: input.autoPromote,
      abMetric: input.abMetric ?? null, sendRate: input.sendRate ?? null, sender: input.sender ?? null, seriesId: input.seriesId ?? null,
      scheduledAt: input.scheduledAt ?? null, expiresAt: input.expiresAt ?? null,
      createdBy: operatorId ?? null, createdAt: now, updatedAt: now,
    }).run();
    writeVariants(ctx, id, input.variants, now);
    return getMessage(ctx, workspaceId, id);
  });
  publishMessage(ctx, m);
  return m;
}

const FROZEN: MessageStatus[] = ["sent", "cancelled", "archived"];

/**
 * Changes a message. Content, goal and timing may change while it runs; the kind, channel and audience of a
 * one-off only before it starts sending. A variant that already has deliveries cannot be removed.
 */
export function updateMessage(ctx: Ctx, workspaceId: string, id: string, patch: MessagePatch): MessageWithVariants {
  checkReferences(ctx, workspaceId, patch);
  const m = withTx(ctx, () => {
    const cur = getMessage(ctx, workspaceId, id);
    if (FROZEN.includes(cur.status)) throw conflict(`A ${cur.status} message cannot be edited`);
    const started = cur.status !== "draft" && cur.status !== "scheduled";
    if (started && (patch.kind !== undefined && patch.kind !== cur.kind)) throw fail("kind", "cannot change once the message has started");
    if (started && (patch.channel !== undefined && patch.channel !== cur.channel)) throw fail("channel", "cannot change once the message has started");
    if (started && cur.kind === "one_off" && patch.audience !== undefined) throw fail("audience", "cannot change once sending has started");
    checkAbMetric({
      abMetric: patch.abMetric !== undefined ? patch.abMetric : cur.abMetric,
      channel: patch.channel ?? cur.channel,
      goal: patch.goal !== undefined ? patch.goal : cur.goal,
    });
    const now = ctx.clock.now();
    const { variants, ...rest } = patch;
    const set: Partial<typeof messages.$inferInsert> = { ...rest, audience: rest.audience as Record<string, unknown> | undefined, updatedAt: now };
    ctx.db.update(messages).set(set).where(eq(messages.id, id)).run();
    if (variants) writeVariants(ctx, id, variants, now);
    return getMessage(ctx, workspaceId, id);
  });
  publishMessage(ctx, m);
  return m;
}

/** Upserts variants by id or label; removes the ones not listed (refused if they were ever delivered). */
function writeVariants(ctx: Ctx, messageId: string, list: VariantInput[], now: number): void {
  const existing = ctx.db.select().from(messageVariants).where(eq(messageVariants.messageId, messageId)).all();
  const kept: string[] = [];
  list.forEach((v, i) => {
    const label = v.label ?? VARIANT_LABELS[i]!;
    const match = existing.find((e) => (v.id ? e.id === v.id : e.label === label));
    if (v.id && !match) throw fail(`variants[${i}].id`, "no such variant in this message");
    const values = {
      label, weight: v.weight, subject: v.subject ?? null, preheader: v.preheader ?? null, body: v.body,
      bodyFormat: v.bodyFormat, content: v.content, updatedAt: now,
    };
    if (match) {
      ctx.db.update(messageVariants).set(values).where(eq(messageVariants.id, match.id)).run();
      kept.push(match.id);
    } else {
      const id = newId("var", now);
      ctx.db.insert(messageVariants).values({ id, messageId, ...values, createdAt: now }).run();
      kept.push(id);
    }
  });
  const gone = existing.filter((e) => !kept.includes(e.id)).map((e) => e.id);
  if (gone.length === 0) return;
  const used = ctx.db.select({ id: deliveries.id }).from(deliveries).where(inArray(deliveries.variantId, gone)).limit(1).get();
  if (used) throw conflict("A variant that was already delivered cannot be removed");
  ctx.db.delete(messageVariants).where(and(eq(messageVariants.messageId, messageId), notInArray(messageVariants.id, kept))).run();
}

/** Sends every new contact the promoted variant from now on (the A/B test ends; no more control group). */
export function promoteVariant(ctx: Ctx, workspaceId: string, messageId: string, variantId: string): MessageWithVariants {
  const m = withTx(ctx, () => {
    const cur = getMessage(ctx, workspaceId, messageId);
    if (!cur.variants.some((v) => v.id === variantId)) throw notFound("Variant not found");
    ctx.db.update(messages).set({ winnerVariantId: variantId, updatedAt: ctx.clock.now() }).where(eq(messages.id, messageId)).run();
    return getMessage(ctx, workspaceId, messageId);
  });
  publishMessage(ctx, m);
  return m;
}

/** Moves a message from one of `from` to `to` (conditional update: two admins racing cannot both win). */
export function transition(ctx: Ctx, workspaceId: string, id: string, from: MessageStatus[], to: MessageStatus, extra: Partial<typeof messages.$inferInsert> = {}): MessageWithVariants {
  const cur = getMessage(ctx, workspaceId, id);
  if (!from.includes(cur.status)) throw new AppError("CONFLICT", `A ${cur.status} message cannot become ${to}`);
  const done = ctx.db.update(messages).set({ status: to, updatedAt: ctx.clock.now(), ...extra })
    .where(and(eq(messages.id, id), inArray(messages.status, from))).run();
  if (done.changes !== 1) throw conflict("The message changed meanwhile; reload and try again");
  return getMessage(ctx, workspaceId, id);
}
