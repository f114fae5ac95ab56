import { eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contactCompanies } from "../db/schema/index.js";
import type { BusPayload } from "../lib/bus.js";
import { reevaluateSome } from "./activity.js";
import { workspaceSegments } from "./catalog.js";
import { caresAbout } from "./interest.js";

/**
 * Re-evaluates contacts right after the writes that touch them commit: ingestion (`event.ingested`), profile
 * changes (`contact.created/updated`), merges (`contact.merged`: the surviving contact, which now has the lead's
 * events and tags) and company updates (every contact of the company). Returns a function that unsubscribes.
 * Runs synchronously inside the bus delivery, so `bus.settled()` also waits for the resulting segment events.
 *
 * An event only re-evaluates the segments it can move (interest.ts): those counting an event of that name, and
 * those reading a field the track call may have changed (unless the publisher says it changed none).
 */
export function watchSegments(ctx: Ctx): () => void {
  // One watcher per bus: a second call (composition root and a test helper) must not evaluate twice.
  const existing = watching.get(ctx.bus);
  if (existing) return existing;
  /**
   * A batch publishes many events for one contact in the same tick; they are delivered one after the other in
   * the same turn of the event loop, after the batch committed, so the first delivery sees all of it. Later writes
   * publish again and are delivered in a later turn, after `done` is cleared. Per contact: every segment (`true`)
   * or the ids of the segments already evaluated in this turn.
   */
  const done = new Map<string, Set<string> | true>();
  const mark = (key: string, value: Set<string> | true) => {
    if (done.size === 0) setImmediate(() => done.clear());
    done.set(key, value);
  };
  const onEvent = (p: BusPayload) => guarded(ctx, p, () => {
    if (!p.contactId) return;
    const key = `${p.workspaceId}:${p.contactId}`;
    const before = done.get(key);
    if (before === true) return;
    const list = workspaceSegments(ctx, p.workspaceId);
    if (list.length === 0) return;
    const name = typeof p.name === "string" ? p.name : "";
    const visitChanged = p.profileChanged !== false;
    const some = list.filter((s) => caresAbout(s.interest, name, visitChanged) && !before?.has(s.segment.id));
    if (some.length === 0) return;
    const set = before ?? new Set<string>();
    some.forEach((s) => set.add(s.segment.id));
    mark(key, set);
    reevaluateSome(ctx, p.workspaceId, some, [p.contactId]);
  });
  const whole = (workspaceId: string, ids: string[]) => {
    const fresh = ids.filter((id) => done.get(`${workspaceId}:${id}`) !== true);
    if (fresh.length === 0) return;
    fresh.forEach((id) => mark(`${workspaceId}:${id}`, true));
    reevaluateSome(ctx, workspaceId, workspaceSegments(ctx, workspaceId), fresh);
  };
  const contact = (p: BusPayload) => guarded(ctx, p, () => (p.contactId ? whole(p.workspaceId, [p.contactId]) : undefined));
  const company = (p: BusPayload) => guarded(ctx, p, () => {
    if (typeof p.companyId !== "string") return;
    const rows = ctx.db.select({ id: contactCompanies.contactId }).from(contactCompanies).where(eq(contactCompanies.companyId, p.companyId)).all();
    whole(p.workspaceId, rows.map((r) => r.id));
  });
  const offs = [
    ctx.bus.on("event.ingested", onEvent),
    ctx.bus.on("contact.created", contact),
    ctx.bus.on("contact.updated", contact),
    ctx.bus.on("contact.merged", contact),
    ctx.bus.on("company.updated", company),
  ];
  const stop = () => {
    offs.forEach((off) => off());
    watching.delete(ctx.bus);
  };
  watching.set(ctx.bus, stop);
  return stop;
}

const watching = new WeakMap<object, () => void>();

/** A listener that throws would crash the process from inside setImmediate: log instead. */
function guarded(ctx: Ctx, p: BusPayload, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    ctx.log.error("segment re-evaluation failed", { workspaceId: p.workspaceId, contactId: p.contactId, err: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
