import type Database from "better-sqlite3";
import type { Ctx } from "../context.js";
import { deferredOf, type Deferred } from "../db/batcher.js";
import { prepared } from "../db/prepared.js";

/** One (contact, event name) rollup change: events added, and the earliest and latest of their times. */
interface Delta {
  workspaceId: string;
  contactId: string;
  name: string;
  count: number;
  firstAt: number;
  lastAt: number;
}

const SUMMARY_SQL = `INSERT INTO event_summaries (contact_id, name, workspace_id, count, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (contact_id, name) DO UPDATE SET count = count + excluded.count,
    first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`;
const CATALOGUE_SQL = `INSERT INTO event_names (workspace_id, name, count, first_at, last_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (workspace_id, name) DO UPDATE SET count = count + excluded.count,
    first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`;

/**
 * Adds one stored event to the per-contact summary (`event_summaries`) and the workspace catalogue
 * (`event_names`). Inside a group commit the changes are summed per contact and name and written once, at the
 * end of the same transaction, so what commits is always consistent with the events; elsewhere they are written
 * at once, in the caller's transaction.
 */
export function addToRollups(ctx: Ctx, workspaceId: string, contactId: string, name: string, at: number): void {
  const client = ctx.db.$client;
  const pending = deferredOf(client, "events.rollups", () => new PendingRollups(statements(ctx)));
  if (pending) return pending.add(workspaceId, contactId, name, at);
  writeDeltas(statements(ctx), [{ workspaceId, contactId, name, count: 1, firstAt: at, lastAt: at }]);
}

interface Statements {
  summary: Database.Statement;
  catalogue: Database.Statement;
}

function statements(ctx: Ctx): Statements {
  return prepared(ctx.db, "events.rollups", (db) => ({ summary: db.$client.prepare(SUMMARY_SQL), catalogue: db.$client.prepare(CATALOGUE_SQL) }));
}

/** Rollup changes of one group commit: those of finished jobs, and those of the job running now. */
class PendingRollups implements Deferred {
  private done = new Map<string, Delta>();
  private current = new Map<string, Delta>();
  /** Finished jobs' changes written during the running job: they come back if its savepoint rolls back. */
  private spilled: Delta[] = [];

  constructor(private readonly stmts: Statements) {}

  add(workspaceId: string, contactId: string, name: string, at: number): void {
    const key = `${contactId}\u0000${name}`;
    const d = this.current.get(key);
    if (d) {
      d.count++;
      if (at < d.firstAt) d.firstAt = at;
      if (at > d.lastAt) d.lastAt = at;
    } else this.current.set(key, { workspaceId, contactId, name, count: 1, firstAt: at, lastAt: at });
  }

  endJob(ok: boolean): void {
    if (ok) for (const [key, d] of this.current) merge(this.done, key, d);
    else for (const d of this.spilled) merge(this.done, `${d.contactId}\u0000${d.name}`, d);
    this.current.clear();
    this.spilled = [];
  }

  write(): void {
    const done = [...this.done.values()];
    writeDeltas(this.stmts, [...done, ...this.current.values()]);
    this.spilled.push(...done);
    this.done.clear();
    this.current.clear();
  }
}

function merge(into: Map<string, Delta>, key: string, d: Delta): void {
  const e = into.get(key);
  if (!e) return void into.set(key, { ...d });
  e.count += d.count;
  e.firstAt = Math.min(e.firstAt, d.firstAt);
  e.lastAt = Math.max(e.lastAt, d.lastAt);
}

/** Writes summaries in key order (neighbouring rows share pages), then one catalogue row per workspace and name. */
function writeDeltas(stmts: Statements, deltas: Delta[]): void {
  if (deltas.length === 0) return;
  if (deltas.length > 1) deltas.sort((a, b) => (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Map<string, Delta>();
  for (const d of deltas) {
    stmts.summary.run(d.contactId, d.name, d.workspaceId, d.count, d.firstAt, d.lastAt);
    merge(names, `${d.workspaceId}\u0000${d.name}`, d);
  }
  for (const d of names.values()) stmts.catalogue.run(d.workspaceId, d.name, d.count, d.firstAt, d.lastAt);
}
