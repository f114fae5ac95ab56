import { eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contactCompanies } from "../db/schema/index.js";
import type { BusPayload } from "../lib/bus.js";
import { reevaluateContacts } from "./refresh.js";

/**
 * Re-evaluates contacts right after the writes that touch them commit: ingestion (`event.ingested`), profile
 * changes (`contact.created/updated`), merges (`contact.merged`: the surviving contact, which now has the lead's
 * events and tags) and company updates (every contact of the company). Returns a function that unsubscribes.
 * Runs synchronously inside the bus delivery, so `bus.settled()` also waits for the resulting segment events.
 */
export function watchSegments(ctx: Ctx): () => void {
  // One watcher per bus: a second call (composition root and a test helper) must not evaluate twice.
  const existing = watching.get(ctx.bus);
  if (existing) return existing;
  const seen = new Set<string>();
  /**
   * A batch publishes many events for one contact in the same tick; they are delivered one after the other in
   * the same turn of the event loop, after the batch committed, so the first delivery sees all of it. Later writes
   * publish again and are delivered in a later turn, after `seen` is cleared.
   */
  const fresh = (workspaceId: string, ids: string[]) => {
    if (seen.size === 0) setImmediate(() => seen.clear());
    const out = ids.filter((id) => !seen.has(`${workspaceId}:${id}`));
    out.forEach((id) => seen.add(`${workspaceId}:${id}`));
    return out;
  };
  const contact = (p: BusPayload) => guarded(ctx, p, () => (p.contactId ? reevaluateContacts(ctx, p.workspaceId, fresh(p.workspaceId, [p.contactId])) : undefined));
  const company = (p: BusPayload) => guarded(ctx, p, () => {
    if (typeof p.companyId !== "string") return;
    const rows = ctx.db.select({ id: contactCompanies.contactId }).from(contactCompanies).where(eq(contactCompanies.companyId, p.companyId)).all();
    reevaluateContacts(ctx, p.workspaceId, fresh(p.workspaceId, rows.map((r) => r.id)));
  });
  const offs = [
    ctx.bus.on("event.ingested", contact),
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
