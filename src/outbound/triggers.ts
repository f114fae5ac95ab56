import type { Statement } from "better-sqlite3";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { findContact } from "../contacts/index.js";
import { deliveries, events, eventSummaries } from "../db/schema/index.js";
import type { BusPayload, IngestedEventFields } from "../lib/bus.js";
import { contactAttribute } from "./contact-value.js";
import { fireTrigger } from "./fire.js";
import { checkAttributeGoals, checkEventGoals } from "./goals.js";
import type { Trigger } from "./inputs.js";
import { recordDeliveryOutcome } from "./outcomes.js";
import { invalidateTriggerIndex, triggerIndex } from "./trigger-index.js";
import { observeChange } from "./trigger-state.js";
import { matchesWhere } from "./where.js";

/**
 * Wires outbound to the bus (the server calls it once at boot; tests too): triggers of ongoing messages,
 * goals, and replies to chat messages. Returns a function that unhooks everything. Which messages care about
 * what is kept in trigger-index.ts, rebuilt after `message.updated`.
 */
export function watchOutbound(ctx: Ctx): () => void {
  const guard = (what: string, fn: (p: BusPayload) => void) => (p: BusPayload) => {
    try {
      fn(p);
    } catch (e) {
      ctx.log.error("outbound listener failed", { what, err: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  };
  invalidateTriggerIndex(ctx);
  const offs = [
    ctx.bus.on("message.updated", (p) => invalidateTriggerIndex(ctx, p.workspaceId)),
    ctx.bus.on("segment.entered", guard("segment.entered", (p) => onSegmentEntered(ctx, p))),
    ctx.bus.on("event.ingested", guard("event.ingested", (p) => onEvent(ctx, p))),
    ctx.bus.on("contact.created", guard("contact.created", (p) => onContactChanged(ctx, p))),
    ctx.bus.on("contact.updated", guard("contact.updated", (p) => onContactChanged(ctx, p))),
    ctx.bus.on("conversation.part_added", guard("conversation.part_added", (p) => onPart(ctx, p))),
  ];
  return () => {
    offs.forEach((off) => off());
    invalidateTriggerIndex(ctx);
  };
}

function onSegmentEntered(ctx: Ctx, p: BusPayload): void {
  if (!p.contactId) return;
  for (const m of triggerIndex(ctx, p.workspaceId).byType.get("segment_entered") ?? []) {
    if ((m.trigger as Extract<Trigger, { type: "segment_entered" }>).segmentId === p.segmentId) fireTrigger(ctx, m, p.contactId);
  }
}

interface StoredEvent {
  id: string;
  metadata: Record<string, unknown>;
  createdAt: number;
}

const byId = new WeakMap<object, Statement>();

/** The event the payload announces: from the payload when it carries it, else read back. */
function storedEvent(ctx: Ctx, p: BusPayload & IngestedEventFields, contactId: string, name: string): StoredEvent | undefined {
  if (typeof p.eventId === "string" && p.metadata && typeof p.createdAt === "number") return { id: p.eventId, metadata: p.metadata, createdAt: p.createdAt };
  if (typeof p.eventId === "string") {
    const db = ctx.db.$client;
    let stmt = byId.get(db);
    if (!stmt) byId.set(db, (stmt = db.prepare("SELECT id, metadata, created_at AS createdAt FROM events WHERE id = ?")));
    const row = stmt.get(p.eventId) as { id: string; metadata: string | null; createdAt: number } | undefined;
    if (row) return { id: row.id, metadata: row.metadata ? (JSON.parse(row.metadata) as Record<string, unknown>) : {}, createdAt: row.createdAt };
  }
  const row = ctx.db.select().from(events).where(and(eq(events.contactId, contactId), eq(events.name, name))).orderBy(desc(events.receivedAt)).limit(1).get();
  return row ? { id: row.id, metadata: row.metadata ?? {}, createdAt: row.createdAt } : undefined;
}

function onEvent(ctx: Ctx, p: BusPayload & IngestedEventFields): void {
  if (!p.contactId || typeof p.name !== "string") return;
  const idx = triggerIndex(ctx, p.workspaceId);
  const key = p.name.toLowerCase();
  const candidates = idx.byEvent.get(key);
  const goal = idx.goalEvents.has(key);
  // Nobody waits for this event: nothing to read.
  if (!candidates && !goal) return;
  const ev = storedEvent(ctx, p, p.contactId, p.name);
  const metadata = ev?.metadata ?? {};
  if (goal) checkEventGoals(ctx, p.contactId, { name: p.name, metadata, at: ev?.createdAt ?? ctx.clock.now() });
  for (const m of candidates ?? []) {
    const t = m.trigger as Extract<Trigger, { type: "event" }>;
    if (!matchesWhere(metadata, t.where)) continue;
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
  const idx = triggerIndex(ctx, p.workspaceId);
  const watching = [...(idx.byType.get("attribute_changed") ?? []), ...(idx.byType.get("tag_added") ?? [])];
  if (!idx.attributeGoals && watching.length === 0) return;
  const contact = findContact(ctx, p.workspaceId, p.contactId);
  if (!contact) return;
  if (idx.attributeGoals) checkAttributeGoals(ctx, contact.id, (name) => contactAttribute(contact, name), ctx.clock.now());
  for (const m of watching.sort((a, b) => (a.createdAt - b.createdAt) || (a.id < b.id ? -1 : 1))) {
    const t = m.trigger as Extract<Trigger, { type: "attribute_changed" | "tag_added" }>;
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
