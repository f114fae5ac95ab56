import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { deliveries, messages } from "../db/schema/index.js";
import { DAY } from "../lib/clock.js";
import type { Goal } from "./inputs.js";
import { recordDeliveryOutcome } from "./outcomes.js";
import { matchesWhere, matchOne } from "./where.js";

interface Open {
  id: string;
  goal: Goal;
  /** When the goal window starts: the send, or the enqueue for the control group (never sent). */
  from: number;
}

/** A contact's deliveries whose message has a goal not reached yet (sent or control). */
function openGoals(ctx: Ctx, contactId: string): Open[] {
  return ctx.db.select({ id: deliveries.id, goal: messages.goal, sentAt: deliveries.sentAt, createdAt: deliveries.createdAt, status: deliveries.status })
    .from(deliveries).innerJoin(messages, eq(messages.id, deliveries.messageId))
    .where(and(eq(deliveries.contactId, contactId), isNull(deliveries.goalAt), isNotNull(messages.goal), inArray(deliveries.status, ["sent", "control"])))
    .all()
    .map((r) => ({ id: r.id, goal: r.goal as Goal, from: r.status === "control" ? r.createdAt : (r.sentAt ?? r.createdAt) }));
}

const within = (o: Open, at: number) => at >= o.from && at <= o.from + o.goal.withinDays * DAY;

/** An event arrived: deliveries whose goal is this event (metadata conditions met, inside the window) reach it. */
export function checkEventGoals(ctx: Ctx, contactId: string, event: { name: string; metadata: Record<string, unknown>; at: number }): number {
  let n = 0;
  for (const o of openGoals(ctx, contactId)) {
    if (!("event" in o.goal) || o.goal.event.toLowerCase() !== event.name.toLowerCase()) continue;
    if (!within(o, event.at) || !matchesWhere(event.metadata, o.goal.where)) continue;
    if (recordDeliveryOutcome(ctx, o.id, "goal", event.at)) n++;
  }
  return n;
}

/** A contact changed: deliveries whose attribute goal now holds (inside the window) reach it. */
export function checkAttributeGoals(ctx: Ctx, contactId: string, read: (attribute: string) => unknown, at: number): number {
  let n = 0;
  for (const o of openGoals(ctx, contactId)) {
    if (!("attribute" in o.goal) || !within(o, at)) continue;
    if (!matchOne(read(o.goal.attribute), o.goal.op, o.goal.value)) continue;
    if (recordDeliveryOutcome(ctx, o.id, "goal", at)) n++;
  }
  return n;
}
