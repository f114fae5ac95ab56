import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { findContact } from "../contacts/index.js";
import { deliveries, events, eventSummaries } from "../db/schema/index.js";
import type { BusPayload } from "../lib/bus.js";
import { contactAttribute } from "./contact-value.js";
import { fireTrigger, liveMessages } from "./fire.js";
import { checkAttributeGoals, checkEventGoals } from "./goals.js";
import type { Trigger } from "./inputs.js";
import { recordDeliveryOutcome } from "./outcomes.js";
import { observeChange } from "./trigger-state.js";
import { matchesWhere } from "./where.js";

/**
 * Wires outbound to the bus (the server calls it once at boot; tests too): triggers of ongoing messages,
 * goals, and replies to chat messages. Returns a function that unhooks everything.
 */
export function watchOutbound(ctx: Ctx): () => void {
  const guard = (what: string, fn: (p: BusPayload) => void) => (p: BusPayload) => {
    try {
      fn(p);
    } catch (e) {
      ctx.log.error("outbound listener failed", { what, err: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  };
  const offs = [
    ctx.bus.on("segment.entered", guard("segment.entered", (p) => onSegmentEntered(ctx, p))),
    ctx.bus.on("event.ingested", guard("event.ingested", (p) => onEvent(ctx, p))),
    ctx.bus.on("contact.created", guard("contact.created", (p) => onContactChanged(ctx, p))),
    ctx.bus.on("contact.updated", guard("contact.updated", (p) => onContactChanged(ctx, p))),
    ctx.bus.on("conversation.part_added", guard("conversation.part_added", (p) => onPart(ctx, p))),
  ];
  return () => offs.forEach((off) => off());
}

function onSegmentEntered(ctx: Ctx, p: BusPayload): void {
  if (!p.contactId) return;
  for (const m of liveMessages(ctx, p.workspaceId, "segment_entered")) {
    if ((m.trigger as Extract<Trigger, { type: "segment_entered" }>).segmentId === p.segmentId) fireTrigger(ctx, m, p.contactId);
  }
}

function onEvent(ctx: Ctx, p: BusPayload): void {
  if (!p.contactId || typeof p.name !== "string") return;
  const ev = (typeof p.eventId === "string" ? ctx.db.select().from(events).where(eq(events.id, p.eventId)).get() : undefined)
    ?? ctx.db.select().from(events).where(and(eq(events.contactId, p.contactId), eq(events.name, p.name))).orderBy(desc(events.receivedAt)).limit(1).get();
  const metadata = ev?.metadata ?? {};
  checkEventGoals(ctx, p.contactId, { name: p.name, metadata, at: ev?.createdAt ?? ctx.clock.now() });
  for (const m of liveMessages(ctx, p.workspaceId, "event")) {
    const t = m.trigger as Extract<Trigger, { type: "event" }>;
    if (t.name.toLowerCase() !== p.name.toLowerCase() || !matchesWhere(metadata, t.where)) continue;
    if (t.first && !firstTime(ctx, p.contactId, p.name, ev)) continue;
    fireTrigger(ctx, m, p.contactId);
  }
}

/** This event is the contact's first of its name (the earliest; ties broken by id, which is time-ordered). */
function firstTime(ctx: Ctx, contactId: string, name: string, ev: { id: string; createdAt: number } | undefined): boolean {
  if (!ev) {
    const s = ctx.db.select({ count: eventSummaries.count }).from(eventSummaries)
      .where(and(eq(eventSummaries.contactId, contactId), eq(eventSummaries.name, name))).get();
    return (s?.count ?? 1) <= 1;
  }
  const earlier = ctx.db.select({ id: events.id }).from(events)
    .where(and(eq(events.contactId, contactId), eq(events.name, name),
      or(lt(events.createdAt, ev.createdAt), and(eq(events.createdAt, ev.createdAt), lt(events.id, ev.id))))).limit(1).get();
  return earlier === undefined;
}

function onContactChanged(ctx: Ctx, p: BusPayload): void {
  if (!p.contactId) return;
  const contact = findContact(ctx, p.workspaceId, p.contactId);
  if (!contact) return;
  checkAttributeGoals(ctx, contact.id, (name) => contactAttribute(contact, name), ctx.clock.now());
  for (const m of liveMessages(ctx, p.workspaceId)) {
    const t = m.trigger as Trigger | null;
    if (t?.type !== "attribute_changed" && t?.type !== "tag_added") continue;
    const change = observeChange(ctx, m, contact.id);
    if (!change || change.value === null) continue;
    if (t.type === "attribute_changed" && t.to !== undefined && !sameValue(change.value, t.to)) continue;
    fireTrigger(ctx, m, contact.id);
  }
}

/** The watched value (JSON text) equals the trigger's `to` (strings ignore case). */
function sameValue(json: string, to: unknown): boolean {
  const v: unknown = JSON.parse(json);
  if (typeof v === "string" && typeof to === "string") return v.toLowerCase() === to.toLowerCase();
  return v === to || String(v) === String(to);
}

/** A contact writing in a conversation a chat message started marks that delivery replied. */
function onPart(ctx: Ctx, p: BusPayload): void {
  const part = p.part as { author?: { type?: string }; createdAt?: number } | undefined;
  if (!p.contactId || part?.author?.type !== "contact") return;
  const conversationId = Number(p.conversationId);
  const d = ctx.db.select({ id: deliveries.id }).from(deliveries)
    .where(and(eq(deliveries.contactId, p.contactId), eq(deliveries.conversationId, conversationId))).get();
  if (d) recordDeliveryOutcome(ctx, d.id, "replied", part.createdAt ?? ctx.clock.now());
}
