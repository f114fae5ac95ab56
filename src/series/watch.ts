import type { Ctx } from "../context.js";
import type { BusPayload } from "../lib/bus.js";
import type { Metadata } from "../db/schema/index.js";
import { onContactChanged, onEvent, onSegmentEntered, advanceContact } from "./triggers.js";

/**
 * Reacts right after commits that can move a contact in a series: an event (entry, wait-until-event, goal), a segment
 * change (entry, branch conditions, exit rules), a profile change (date entries, conditions). Returns an unsubscribe.
 */
export function watchSeries(ctx: Ctx): () => void {
  const existing = watching.get(ctx.bus);
  if (existing) return existing;
  const on = (fn: (p: BusPayload & { contactId: string }) => void) => (p: BusPayload) => {
    if (!p.contactId) return;
    try {
      fn(p as BusPayload & { contactId: string });
    } catch (e) {
      ctx.log.error("series advancement failed", { workspaceId: p.workspaceId, contactId: p.contactId, err: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  };
  const offs = [
    ctx.bus.on("event.ingested", on((p) => onEvent(ctx, p.workspaceId, p.contactId, String(p.name ?? ""), typeof p.eventId === "string" ? p.eventId : undefined, p.metadata as Metadata | undefined))),
    ctx.bus.on("segment.entered", on((p) => onSegmentEntered(ctx, p.workspaceId, p.contactId, String(p.segmentId ?? "")))),
    ctx.bus.on("segment.exited", on((p) => advanceContact(ctx, p.workspaceId, p.contactId))),
    ctx.bus.on("contact.created", on((p) => onContactChanged(ctx, p.workspaceId, p.contactId))),
    ctx.bus.on("contact.updated", on((p) => onContactChanged(ctx, p.workspaceId, p.contactId))),
  ];
  const stop = () => {
    offs.forEach((off) => off());
    watching.delete(ctx.bus);
  };
  watching.set(ctx.bus, stop);
  return stop;
}

const watching = new WeakMap<object, () => void>();
