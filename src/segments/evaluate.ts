import type Database from "better-sqlite3";
import { bind, join, prepare, q, type Frag } from "./sql.js";
import type { CompiledSegment, Driver } from "./tree.js";

/*
 * Evaluation is a pure function of (connection, compiled segment, now): it only reads. Callers diff the result
 * with stored memberships and write. That keeps a full evaluation movable to a worker thread with its own
 * read-only connection (it needs only `registerFunctions` on that connection).
 */

/** A driver must cut the contacts to visit by this factor to beat a sequential scan (a lookup costs more than a step). */
const SCAN_FACTOR = 3;
const CONTACT_CHUNK = 500;
/** Above this many rows a driver is no better than a scan at any size we target. */
const MAX_ESTIMATE = 10_000_000;
const SEGMENT_CHUNK = 50;

function rows(db: Database.Database, f: Frag, now: number): unknown[][] {
  return prepare(db, f.sql).raw(true).all(...bind(f, now)) as unknown[][];
}

/** Ids of every contact of the workspace in the segment at `now`. */
export function evaluateAll(db: Database.Database, seg: CompiledSegment, now: number): string[] {
  return rows(db, fullQuery(db, seg, now), now).map((r) => r[0] as string);
}

/**
 * The full-evaluation query: from the smallest driver (contacts who did an event at all / have a tag…), probing each
 * candidate's row by primary key, or else a scan of the workspace's contacts. CROSS JOIN pins that loop order.
 */
export function fullQuery(db: Database.Database, seg: CompiledSegment, now: number): Frag {
  const where = q`"contacts"."workspace_id" = ${seg.workspaceId} AND "contacts"."archived" = 0 AND ${seg.root.test}`;
  const driver = chooseDriver(db, seg, now);
  if (!driver) return q`SELECT "contacts"."id" FROM contacts WHERE ${where}`;
  return q`SELECT "contacts"."id" FROM (${driver.select}) d CROSS JOIN contacts ON "contacts"."id" = d.id WHERE ${where}`;
}

/**
 * Picks the driver visiting the fewest rows, or none when a scan of the workspace's contacts is cheaper. Every
 * count is capped at the best so far, so choosing never costs more than a small multiple of the winning plan.
 */
function chooseDriver(db: Database.Database, seg: CompiledSegment, now: number): Driver | undefined {
  const unique = new Map(seg.root.drivers.map((d) => [d.select.sql + JSON.stringify(bind(d.select, now)), d]));
  let best: Driver | undefined;
  let bestCost = MAX_ESTIMATE;
  // Lookup tables first: they are usually the small ones, and then cap the counting of event ranges.
  const ordered = [...unique.values()].sort((a, b) => Number(a.kind === "range") - Number(b.kind === "range"));
  for (const d of ordered) {
    const cost = countUpTo(db, d.cost, bestCost, now);
    if (cost < bestCost) [best, bestCost] = [d, cost];
  }
  if (!best) return undefined;
  const contacts = countUpTo(db, q`SELECT 1 FROM contacts WHERE "contacts"."workspace_id" = ${seg.workspaceId}`, bestCost * SCAN_FACTOR, now);
  return contacts < bestCost * SCAN_FACTOR ? undefined : best;
}

function countUpTo(db: Database.Database, f: Frag, cap: number, now: number): number {
  return rows(db, q`SELECT count(*) FROM (${f} LIMIT ${cap})`, now)[0]![0] as number;
}

/**
 * Evaluates many segments for a few contacts in one statement per chunk (the ingest path: one contact, every
 * segment of its workspace). Returns, per contact found, one flag per segment; missing contacts are in none.
 */
export function evaluateContacts(db: Database.Database, workspaceId: string, segs: CompiledSegment[], contactIds: string[], now: number): Map<string, boolean[]> {
  const out = new Map<string, boolean[]>();
  if (segs.length === 0 || contactIds.length === 0) return out;
  for (let ci = 0; ci < contactIds.length; ci += CONTACT_CHUNK) {
    const ids = JSON.stringify(contactIds.slice(ci, ci + CONTACT_CHUNK));
    for (let si = 0; si < segs.length; si += SEGMENT_CHUNK) {
      const chunk = segs.slice(si, si + SEGMENT_CHUNK);
      for (const r of rows(db, contactsQuery(workspaceId, chunk, ids), now)) {
        const id = r[0] as string;
        let flags = out.get(id);
        if (!flags) out.set(id, (flags = new Array<boolean>(segs.length).fill(false)));
        chunk.forEach((_, k) => (flags[si + k] = r[k + 1] === 1));
      }
    }
  }
  return out;
}

/** One row per listed contact (a JSON array of ids) with a 0/1 column per segment. */
export function contactsQuery(workspaceId: string, segs: CompiledSegment[], idsJson: string): Frag {
  const cols = join(segs.map((s) => s.root.test), ", ");
  // CROSS JOIN from the id list: left to itself SQLite scans the workspace index and tests membership in the list.
  return q`SELECT "contacts"."id", ${cols} FROM json_each(${idsJson}) j CROSS JOIN contacts ON "contacts"."id" = j.value WHERE "contacts"."workspace_id" = ${workspaceId} AND "contacts"."archived" = 0`;
}

/**
 * Contacts whose membership time alone may have changed between `t0` and `t1`: for each time-relative condition,
 * those whose value crossed a `now - offset` threshold in that interval. Everyone else is as evaluated before.
 */
export function timeCandidates(db: Database.Database, seg: CompiledSegment, t0: number, t1: number): string[] {
  const ids = new Set<string>();
  const done = new Set<string>();
  for (const edge of seg.root.edges) {
    for (const offset of edge.offsets) {
      const f = q`${edge.head} ${edge.value} BETWEEN ${t0 - offset} AND ${t1 - offset}`;
      const key = f.sql + JSON.stringify(bind(f, t1));
      if (done.has(key)) continue;
      done.add(key);
      for (const r of rows(db, f, t1)) ids.add(r[0] as string);
    }
  }
  return [...ids];
}

/** SQLite's plan for a query, one line per step (for tests and tuning). */
export function queryPlan(db: Database.Database, f: Frag, now: number): string[] {
  const plan = prepare(db, `EXPLAIN QUERY PLAN ${f.sql}`).raw(false).all(...bind(f, now)) as { detail: string }[];
  return plan.map((p) => p.detail);
}
