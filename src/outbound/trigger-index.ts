import { and, eq, isNotNull, or } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { messages } from "../db/schema/index.js";
import { MINUTE } from "../lib/clock.js";
import type { Goal, Trigger } from "./inputs.js";
import type { Message } from "./queries.js";

/**
 * Who cares about what, per workspace, for the bus listeners (triggers.ts): live ongoing messages by trigger type
 * and event-triggered ones by event name; the event names and attribute goals some message still waits for. An
 * event nobody cares about then costs a map lookup instead of queries.
 */
export interface TriggerIndex {
  /** Live ongoing messages by trigger type. */
  byType: Map<string, Message[]>;
  /** Live ongoing messages with an event trigger, by lower-cased event name. */
  byEvent: Map<string, Message[]>;
  /** Lower-cased event names of event goals (messages of any status: their deliveries can still reach it). */
  goalEvents: Set<string>;
  /** Some message has an attribute goal. */
  attributeGoals: boolean;
  at: number;
}

/**
 * Rebuilt on next use after `message.updated` (every create, edit and status change publishes it; see
 * `invalidateTriggerIndex`), and at least once a minute so a write no bus announced is picked up eventually.
 */
const MAX_AGE = MINUTE;
const indexes = new WeakMap<object, Map<string, TriggerIndex>>();

export function triggerIndex(ctx: Ctx, workspaceId: string): TriggerIndex {
  let byWs = indexes.get(ctx.db);
  if (!byWs) indexes.set(ctx.db, (byWs = new Map()));
  const now = ctx.clock.now();
  const hit = byWs.get(workspaceId);
  if (hit && now >= hit.at && now - hit.at < MAX_AGE) return hit;
  const built = build(ctx, workspaceId, now);
  byWs.set(workspaceId, built);
  return built;
}

/** Forgets a workspace's index (or every index of this database). */
export function invalidateTriggerIndex(ctx: Ctx, workspaceId?: string): void {
  if (workspaceId === undefined) indexes.delete(ctx.db);
  else indexes.get(ctx.db)?.delete(workspaceId);
}

function build(ctx: Ctx, workspaceId: string, at: number): TriggerIndex {
  const rows = ctx.db.select().from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), or(and(eq(messages.status, "live"), eq(messages.kind, "ongoing")), isNotNull(messages.goal)))).all();
  const idx: TriggerIndex = { byType: new Map(), byEvent: new Map(), goalEvents: new Set(), attributeGoals: false, at };
  const push = <K>(map: Map<K, Message[]>, key: K, m: Message) => {
    const list = map.get(key);
    if (list) list.push(m);
    else map.set(key, [m]);
  };
  for (const m of rows) {
    const goal = m.goal as Goal | null;
    if (goal && "event" in goal) idx.goalEvents.add(goal.event.toLowerCase());
    if (goal && "attribute" in goal) idx.attributeGoals = true;
    if (m.status !== "live" || m.kind !== "ongoing") continue;
    const t = m.trigger as Trigger | null;
    if (!t) continue;
    push(idx.byType, t.type, m);
    if (t.type === "event") push(idx.byEvent, t.name.toLowerCase(), m);
  }
  // Creation order, as the listeners saw them before (one message firing before another is observable in tests).
  for (const list of [...idx.byType.values(), ...idx.byEvent.values()]) list.sort((a, b) => (a.createdAt - b.createdAt) || (a.id < b.id ? -1 : 1));
  return idx;
}
