import { and, desc, eq, gte, lt, or } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { eventNames, eventSummaries, events } from "../db/schema/index.js";
import { DAY } from "../lib/clock.js";

export type EventRow = typeof events.$inferSelect;

/** Where the next (older) page starts. */
export interface EventCursor {
  createdAt: number;
  id: string;
}

/** Intercom lists only the last 90 days of a contact's events. */
export const LISTABLE_DAYS = 90;

/** One page of a contact's events, newest first, within the listable window. */
export function listContactEvents(ctx: Ctx, contactId: string, opts: { perPage: number; before?: EventCursor | undefined }): { rows: EventRow[]; next?: EventCursor } {
  const b = opts.before;
  const fetched = ctx.db
    .select()
    .from(events)
    .where(and(
      eq(events.contactId, contactId),
      gte(events.createdAt, ctx.clock.now() - LISTABLE_DAYS * DAY),
      b ? or(lt(events.createdAt, b.createdAt), and(eq(events.createdAt, b.createdAt), lt(events.id, b.id))) : undefined,
    ))
    .orderBy(desc(events.createdAt), desc(events.id))
    .limit(opts.perPage + 1)
    .all();
  const rows = fetched.slice(0, opts.perPage);
  const last = rows[rows.length - 1];
  return fetched.length > opts.perPage && last ? { rows, next: { createdAt: last.createdAt, id: last.id } } : { rows };
}

export interface EventSummary {
  name: string;
  count: number;
  firstAt: number;
  lastAt: number;
  description: string | null;
}

/** All-time per-event counts for a contact, most recently done first. */
export function listEventSummaries(ctx: Ctx, contactId: string): EventSummary[] {
  return ctx.db
    .select({
      name: eventSummaries.name, count: eventSummaries.count, firstAt: eventSummaries.firstAt, lastAt: eventSummaries.lastAt,
      description: eventNames.description,
    })
    .from(eventSummaries)
    .leftJoin(eventNames, and(eq(eventNames.workspaceId, eventSummaries.workspaceId), eq(eventNames.name, eventSummaries.name)))
    .where(eq(eventSummaries.contactId, contactId))
    .orderBy(desc(eventSummaries.lastAt), eventSummaries.name)
    .all();
}
