import type Database from "better-sqlite3";
import { evaluateAll, evaluateContacts, fullQuery, timeCandidates } from "./evaluate.js";
import { bind, prepare, q } from "./sql.js";
import type { CompiledSegment } from "./tree.js";

/*
 * The reads behind a recompute, a refresh, size history and the builder's preview, as pure functions of a
 * connection: worker.ts runs them on the worker's read-only connection, worker-reader.ts inline on the main one.
 * Each answers in one read transaction, so members and stored memberships come from the same commit, and returns
 * only what the main thread needs (the changes, not every member).
 */

/** Contacts entering and leaving one segment: evaluation against its open memberships, at one commit. */
export interface MembershipDiff {
  enter: string[];
  exit: string[];
}

function snapshot<T>(db: Database.Database, fn: () => T): T {
  return db.inTransaction ? fn() : db.transaction(fn)();
}

function openIds(db: Database.Database, segmentId: string): string[] {
  return prepare(db, "SELECT contact_id FROM segment_memberships WHERE segment_id = ? AND exited_at IS NULL").pluck(true).all(segmentId) as string[];
}

/** Of `contactIds`, those with an open stay in the segment (the partial unique index answers each probe). */
export function openAmong(db: Database.Database, segmentId: string, contactIds: string[]): Set<string> {
  const sql = "SELECT m.contact_id FROM json_each(?) j CROSS JOIN segment_memberships m ON m.segment_id = ? AND m.contact_id = j.value AND m.exited_at IS NULL";
  return new Set(prepare(db, sql).pluck(true).all(JSON.stringify(contactIds), segmentId) as string[]);
}

/** The difference for every contact (`contactIds` null: a full evaluation) or for the listed ones. */
export function membershipDiff(db: Database.Database, seg: CompiledSegment, segmentId: string, contactIds: string[] | null, now: number): MembershipDiff {
  return snapshot(db, () => {
    const enter: string[] = [];
    const exit: string[] = [];
    if (contactIds === null) {
      const members = new Set(evaluateAll(db, seg, now));
      const before = new Set(openIds(db, segmentId));
      for (const id of members) if (!before.has(id)) enter.push(id);
      for (const id of before) if (!members.has(id)) exit.push(id);
      return { enter, exit };
    }
    const flags = evaluateContacts(db, seg.workspaceId, [seg], contactIds, now);
    for (let i = 0; i < contactIds.length; i += 5000) {
      const ids = contactIds.slice(i, i + 5000);
      const open = openAmong(db, segmentId, ids);
      for (const id of ids) {
        const is = flags.get(id)?.[0] ?? false;
        if (is !== open.has(id)) (is ? enter : exit).push(id);
      }
    }
    return { enter, exit };
  });
}

/** A refresh's reads: who time may have moved since `t0`, and their difference (in full past `fullAbove` of them). */
export function refreshDiff(db: Database.Database, seg: CompiledSegment, segmentId: string, t0: number, t1: number, fullAbove: number): MembershipDiff & { candidates: number; full: boolean } {
  return snapshot(db, () => {
    const candidates = timeCandidates(db, seg, t0, t1);
    const full = candidates.length > fullAbove;
    return { ...membershipDiff(db, seg, segmentId, full ? null : candidates, t1), candidates: candidates.length, full };
  });
}

/** Open memberships per segment (size history). */
export function countOpen(db: Database.Database, segmentIds: string[]): [string, number][] {
  const st = prepare(db, "SELECT count(*) FROM segment_memberships WHERE segment_id = ? AND exited_at IS NULL").pluck(true);
  return snapshot(db, () => segmentIds.map((id) => [id, st.get(id) as number]));
}

/** Per segment: current members and the latest entry or exit (0 when nobody ever entered): the admin list. */
export function segmentActivity(db: Database.Database, segmentIds: string[]): [string, number, number][] {
  const count = prepare(db, "SELECT count(*) FROM segment_memberships WHERE segment_id = ? AND exited_at IS NULL").pluck(true);
  const last = prepare(db, "SELECT max(max(entered_at), coalesce(max(exited_at), 0)) FROM segment_memberships WHERE segment_id = ?").pluck(true);
  return snapshot(db, () => segmentIds.map((id) => [id, count.get(id) as number, (last.get(id) as number | null) ?? 0]));
}

/** The builder's preview: how many contacts match now, and the first `sample` of them. */
export function previewIds(db: Database.Database, seg: CompiledSegment, now: number, sample: number): { count: number; ids: string[] } {
  return snapshot(db, () => {
    // The same plan (driver choice) a full evaluation uses, so the preview costs what saving will.
    const full = fullQuery(db, seg, now);
    const counting = q`SELECT count(*) FROM (${full})`;
    const count = prepare(db, counting.sql).pluck(true).get(...bind(counting, now)) as number;
    if (count === 0 || sample <= 0) return { count, ids: [] };
    const limited = q`${full} LIMIT ${sample}`;
    return { count, ids: prepare(db, limited.sql).pluck(true).all(...bind(limited, now)) as string[] };
  });
}
