import type { Ctx } from "../context.js";
import type { BusPayload } from "../lib/bus.js";
import { statsByMessage, type MessageStats } from "./stats.js";

/**
 * The messages list's figures without a pass over every listed message's deliveries on each request.
 *
 * Each message's figures are computed from the deliveries (the one source of truth, `statsByMessage`) and kept in
 * memory until something that changes them is published: `delivery.sent`, `delivery.updated` (every outcome goes
 * through `recordDeliveryOutcome`) and `message.updated` (launch, cancel, promote…). Those events are published
 * after their transaction commits, so an entry is never newer than the database, and at worst one tick older.
 * Nothing is persisted: a crash loses only the cache, never a count, and there is no counter that can drift.
 * Deliveries that disappear without an event (a contact deleted, cascading) are caught by the age limit.
 */
const MAX_AGE_MS = 5 * 60_000;
const MAX_ENTRIES = 5_000;
const EVENTS = ["delivery.sent", "delivery.updated", "message.updated"] as const;

interface Entry {
  stats: MessageStats | undefined;
  at: number;
}

class StatsCache {
  readonly entries = new Map<string, Entry>();
  constructor(ctx: Ctx) {
    const drop = (p: BusPayload) => {
      if (typeof p.messageId === "string") this.entries.delete(p.messageId);
    };
    for (const e of EVENTS) ctx.bus.on(e, drop);
  }
  set(id: string, entry: Entry): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}

const caches = new WeakMap<Ctx, StatsCache>();

function cacheOf(ctx: Ctx): StatsCache {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = new StatsCache(ctx)));
  return c;
}

/**
 * `statsByMessage` through the cache: only messages whose figures changed since they were last read (or that were
 * never read) are counted, in one grouped query. Messages without deliveries are absent, as there.
 */
export function listStatsByMessage(ctx: Ctx, messageIds: string[]): Map<string, MessageStats> {
  const c = cacheOf(ctx);
  const now = ctx.clock.now();
  const missing = messageIds.filter((id) => {
    const e = c.entries.get(id);
    return !e || now - e.at > MAX_AGE_MS || now < e.at;
  });
  if (missing.length > 0) {
    const fresh = statsByMessage(ctx, missing);
    for (const id of missing) c.set(id, { stats: fresh.get(id), at: now });
  }
  const out = new Map<string, MessageStats>();
  for (const id of messageIds) {
    const s = c.entries.get(id)?.stats;
    if (s) out.set(id, s);
  }
  return out;
}

/** Forgets every cached figure of this context (tests that write deliveries with raw SQL). */
export function forgetListStats(ctx: Ctx): void {
  caches.get(ctx)?.entries.clear();
}
