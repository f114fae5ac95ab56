import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { events, type Metadata } from "../db/schema/index.js";
import { compileDefinition, evaluateContacts, type Definition } from "../segments/index.js";
import type { Rule, WhereFilter } from "./inputs.js";

/** Whether one contact matches a segment definition now (the segments engine's own SQL, on ctx.clock). */
export function contactMatches(ctx: Ctx, workspaceId: string, def: Definition, contactId: string): boolean {
  const compiled = compileDefinition({ ctx, workspaceId, strict: false, stack: [] }, def);
  const flags = evaluateContacts(ctx.db.$client, workspaceId, [compiled], [contactId], ctx.clock.now());
  return flags.get(contactId)?.[0] ?? false;
}

/** Whether event metadata passes every filter (strings compare without ASCII case, like segments). */
export function metadataMatches(metadata: Metadata, where: WhereFilter[] | undefined): boolean {
  return (where ?? []).every((w) => filterPasses(metadata[w.key], w));
}

function filterPasses(actual: unknown, w: WhereFilter): boolean {
  const set = actual !== undefined && actual !== null && actual !== "";
  if (w.op === "is_set") return set;
  if (w.op === "is_not_set") return !set;
  if (!set) return w.op === "ne" || w.op === "not_contains";
  const num = typeof w.value === "number";
  if (["gt", "gte", "lt", "lte"].includes(w.op) || (num && (w.op === "eq" || w.op === "ne"))) {
    const a = Number(actual);
    const b = Number(w.value);
    if (Number.isNaN(a) || Number.isNaN(b)) return w.op === "ne";
    return w.op === "gt" ? a > b : w.op === "gte" ? a >= b : w.op === "lt" ? a < b : w.op === "lte" ? a <= b : w.op === "eq" ? a === b : a !== b;
  }
  const a = String(actual).toLowerCase();
  const b = String(w.value ?? "").toLowerCase();
  switch (w.op) {
    case "eq": return a === b;
    case "ne": return a !== b;
    case "contains": return a.includes(b);
    case "not_contains": return !a.includes(b);
    case "starts_with": return a.startsWith(b);
    case "ends_with": return a.endsWith(b);
    default: return false;
  }
}

/** The first event named `name` done in [since, until] whose metadata passes `where`, or undefined. */
export function firstEventBetween(ctx: Ctx, contactId: string, name: string, where: WhereFilter[] | undefined, since: number, until: number): { id: string; createdAt: number } | undefined {
  const rows = ctx.db
    .select({ id: events.id, createdAt: events.createdAt, metadata: events.metadata })
    .from(events)
    .where(and(eq(events.contactId, contactId), eq(events.name, name), gte(events.createdAt, since), lte(events.createdAt, until)))
    .orderBy(asc(events.createdAt))
    .limit(where?.length ? 500 : 1)
    .all();
  const hit = rows.find((r) => metadataMatches(r.metadata, where));
  return hit ? { id: hit.id, createdAt: hit.createdAt } : undefined;
}

/** Whether a goal or exit rule holds: its event was done since `since`, or the contact matches its condition. */
export function ruleHolds(ctx: Ctx, workspaceId: string, rule: Rule, contactId: string, since: number): boolean {
  if ("event" in rule) return firstEventBetween(ctx, contactId, rule.event, rule.where, since, ctx.clock.now()) !== undefined;
  return contactMatches(ctx, workspaceId, rule.condition, contactId);
}
