import { and, eq, inArray } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { findContact } from "../contacts/index.js";
import { messages } from "../db/schema/index.js";
import { DAY } from "../lib/clock.js";
import { stillInAudience } from "./audience.js";
import { bucket, enqueueDelivery } from "./enqueue.js";
import type { Audience, Frequency } from "./inputs.js";
import { listContactDeliveries, type Delivery, type Message } from "./queries.js";

/** Live ongoing messages of a workspace (the trigger listeners filter them by trigger type). */
export function liveMessages(ctx: Ctx, workspaceId: string, type?: string): Message[] {
  const rows = ctx.db.select().from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.status, "live"), inArray(messages.kind, ["ongoing"]))).all();
  return type ? rows.filter((m) => (m.trigger as { type?: string } | null)?.type === type) : rows;
}

/**
 * The next occurrence number allowed by the message's frequency rule, or undefined when the rule says no:
 * `once` (never again), `every_time`, `every_n_days` (not within N days of the last one).
 */
export function nextOccurrence(m: Message, previous: Delivery[], now: number): number | undefined {
  if (previous.length === 0) return 0;
  const f = m.frequency as Frequency;
  const last = previous[0]!;
  if (f.mode === "once") return undefined;
  if (f.mode === "every_n_days" && last.createdAt > now - f.days * DAY) return undefined;
  return last.occurrence + 1;
}

/**
 * A trigger fired for a contact: checks the contact, the audience (segment, filter, exclusions, percent) and the
 * frequency rule, then enqueues. Returns the delivery, if one was made. Call after commit of what fired it.
 */
export function fireTrigger(ctx: Ctx, m: Message, contactId: string): Delivery | undefined {
  return withTx(ctx, () => {
    const contact = findContact(ctx, m.workspaceId, contactId);
    if (!contact || contact.archived) return undefined;
    const a = m.audience as Audience;
    if (a.percent !== undefined && a.percent < 100 && bucket(m.id, contact.id, "percent") * 100 >= a.percent) return undefined;
    if (!stillInAudience(ctx, m, [contact.id]).has(contact.id)) return undefined;
    const now = ctx.clock.now();
    if (m.expiresAt !== null && m.expiresAt <= now) return undefined;
    const occurrence = nextOccurrence(m, listContactDeliveries(ctx, m.id, contact.id), now);
    if (occurrence === undefined) return undefined;
    return enqueueDelivery(ctx, { workspaceId: m.workspaceId, messageId: m.id, contactId: contact.id, occurrence, notBefore: now });
  });
}
