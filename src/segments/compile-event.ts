import { DAY, HOUR } from "../lib/clock.js";
import { metadataField } from "./fields.js";
import type { EventCondition } from "./inputs.js";
import { predicate } from "./ops.js";
import { ago, join, q, raw, type Frag } from "./sql.js";
import type { Driver, Edge, Node } from "./tree.js";

/**
 * Compiles an event condition. Without a window or `where`, it reads the per-contact all-time table
 * event_summaries (one primary-key lookup). Otherwise it counts raw events with a correlated subquery on
 * events(contact_id, name, created_at), stopping at the count it needs (LIMIT), per PERF.md §1.4.
 */
export function compileEvent(workspaceId: string, c: EventCondition, path: string): Node {
  const windowMs = c.within_days !== undefined ? c.within_days * DAY : c.within_hours !== undefined ? c.within_hours * HOUR : undefined;
  const fromEvents = windowMs !== undefined || (c.where?.length ?? 0) > 0;
  const node = fromEvents ? rawEvents(workspaceId, c, path, windowMs) : summaryEvent(workspaceId, c);
  return { ...node, path, kind: "event", condition: c };
}

type Part = Omit<Node, "path" | "kind" | "condition">;

function summaryEvent(ws: string, c: EventCondition): Part {
  const cell = (column: string) => q`(SELECT s.${raw(column)} FROM event_summaries s WHERE s.contact_id = "contacts"."id" AND s.name = ${c.event})`;
  const head = q`SELECT s.contact_id AS id FROM event_summaries s WHERE s.workspace_id = ${ws} AND s.name = ${c.event}`;
  const base = { cost: 3, edges: [] as Edge[] };
  const n = c.value ?? 0;
  switch (c.op) {
    case "performed":
    case "not_performed": {
      const has = q`EXISTS (SELECT 1 FROM event_summaries s WHERE s.contact_id = "contacts"."id" AND s.name = ${c.event})`;
      const count = q`coalesce(${cell("count")}, 0)`;
      return { ...base, test: c.op === "performed" ? has : q`NOT ${has}`, value: count, valueKind: "number", drivers: c.op === "performed" ? [lookup(head)] : [] };
    }
    case "count_gte":
    case "count_lte":
    case "count_eq": {
      const count = q`coalesce(${cell("count")}, 0)`;
      const cmp = raw(c.op === "count_gte" ? ">=" : c.op === "count_lte" ? "<=" : "=");
      const drivers: Driver[] = n >= 1 && c.op !== "count_lte" ? [lookup(q`${head} AND s.count ${cmp} ${n}`)] : [];
      return { ...base, test: q`(${count} ${cmp} ${n})`, value: count, valueKind: "number", drivers };
    }
    default: {
      const at = cell(c.op.startsWith("first_") ? "first_at" : "last_at");
      return { ...base, test: daysAgo(at, c.op, n), value: at, valueKind: "date", drivers: [lookup(head)], edges: [eventsEdge(ws, c.event, n * DAY)] };
    }
  }
}

function rawEvents(ws: string, c: EventCondition, path: string, windowMs: number | undefined): Part {
  const filters = (c.where ?? []).map((w, i) => predicate(metadataField(w.key, w.value), w.op, w.value, `${path}.where[${i}]`).test);
  const since = windowMs === undefined ? undefined : ago(windowMs);
  const conds = [q`e.contact_id = "contacts"."id" AND e.name = ${c.event}`, ...(since ? [q`e.created_at >= ${since}`] : []), ...filters];
  const where = join(conds, " AND ");
  const driver: Driver = since
    ? {
      kind: "range",
      select: q`SELECT DISTINCT e.contact_id AS id FROM events e WHERE e.workspace_id = ${ws} AND e.name = ${c.event} AND e.created_at >= ${since}`,
      cost: q`SELECT 1 FROM events e WHERE e.workspace_id = ${ws} AND e.name = ${c.event} AND e.created_at >= ${since}`,
    }
    : lookup(q`SELECT s.contact_id AS id FROM event_summaries s WHERE s.workspace_id = ${ws} AND s.name = ${c.event}`);
  const edges: Edge[] = windowMs === undefined ? [] : [eventsEdge(ws, c.event, windowMs)];
  const cost = 10 + 5 * filters.length;
  const count = q`(SELECT count(*) FROM events e WHERE ${where})`;
  const n = c.value ?? 0;
  // Counting stops once the answer is known: a heavy user's thousands of events cost no more than n + 1 rows.
  const capped = (limit: number) => q`(SELECT count(*) FROM (SELECT 1 FROM events e WHERE ${where} LIMIT ${limit}))`;
  switch (c.op) {
    case "performed":
    case "not_performed": {
      const has = q`EXISTS (SELECT 1 FROM events e WHERE ${where})`;
      return { test: c.op === "performed" ? has : q`NOT ${has}`, value: count, valueKind: "number", cost, drivers: c.op === "performed" ? [driver] : [], edges };
    }
    case "count_gte":
      return { test: n === 0 ? raw("1") : q`(${capped(n)} >= ${n})`, value: count, valueKind: "number", cost, drivers: n >= 1 ? [driver] : [], edges };
    case "count_lte":
      return { test: q`(${capped(n + 1)} <= ${n})`, value: count, valueKind: "number", cost, drivers: [], edges };
    case "count_eq":
      return { test: q`(${capped(n + 1)} = ${n})`, value: count, valueKind: "number", cost, drivers: n >= 1 ? [driver] : [], edges };
    default: {
      const at = q`(SELECT ${raw(c.op.startsWith("first_") ? "min" : "max")}(e.created_at) FROM events e WHERE ${where})`;
      return { test: daysAgo(at, c.op, n), value: at, valueKind: "date", cost, drivers: [driver], edges: [eventsEdge(ws, c.event, n * DAY)] };
    }
  }
}

/**
 * Contacts with an event of this name crossing `now - offset`. It covers windows and first/last times alike (the
 * first or last event is one of them), on the time-ordered events index rather than an index on summary times
 * that every ingested event would have to update.
 */
function eventsEdge(ws: string, name: string, offset: number): Edge {
  return { head: q`SELECT e.contact_id AS id FROM events e WHERE e.workspace_id = ${ws} AND e.name = ${name} AND`, value: raw("e.created_at"), offsets: [offset] };
}

/** A driver read from a lookup table: its cost is its own size. */
export function lookup(select: Frag): Driver {
  return { kind: "lookup", select, cost: select };
}

/** first/last more/less than N days ago; a contact who never did it passes neither. */
function daysAgo(at: Frag, op: EventCondition["op"], days: number): Frag {
  const threshold = ago(days * DAY);
  return op.endsWith("more_than_days_ago") ? q`coalesce(${at} < ${threshold}, 0)` : q`coalesce(${at} > ${threshold}, 0)`;
}
