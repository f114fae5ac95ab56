/**
 * Entry of the segments read worker (worker-reader.ts starts it): evaluations, membership differences, counts and
 * previews on the thread's own read-only connection (worker-tasks.ts). A large difference stays here and crosses to
 * the main thread page by page (`page`): receiving 100k ids in one message would hold the main thread ~100 ms.
 */
import Database from "better-sqlite3";
import { workerData } from "node:worker_threads";
import { evaluateAll, evaluateContacts, timeCandidates } from "./evaluate.js";
import type { CompiledSegment } from "./tree.js";
import { serveReads } from "./worker-host.js";
import { countOpen, membershipDiff, previewIds, refreshDiff, segmentActivity, type MembershipDiff } from "./worker-tasks.js";
import { firstPage, type DiffPage } from "./worker-pages.js";

const held = new Map<number, MembershipDiff>();
let nextHandle = 1;

/** The first page, and a handle to the rest when there is more. */
function hold(d: MembershipDiff, size: number): DiffPage {
  const page = firstPage(d, size);
  if (d.enter.length + d.exit.length > 0) held.set((page.handle = nextHandle++), d);
  return page;
}

let writer: Database.Database | undefined;

/**
 * Copies the WAL back into the database file (PASSIVE: never waits for, nor blocks, the writer), on this thread: left
 * to SQLite's automatic checkpoint, the main thread's commit that crosses 1,000 WAL pages does it, and its fsync can
 * hold the event loop for 100 ms on a busy disk. Its own connection, since the reading one is read-only.
 */
function checkpoint(): void {
  writer ??= new Database((workerData as { path: string }).path, { fileMustExist: true });
  writer.pragma("wal_checkpoint(PASSIVE)");
}

serveReads({
  checkpoint: () => checkpoint(),
  evaluateAll: (db: Database.Database, seg: CompiledSegment, now: number) => evaluateAll(db, seg, now),
  evaluateContacts: (db: Database.Database, ws: string, segs: CompiledSegment[], ids: string[], now: number) => [...evaluateContacts(db, ws, segs, ids, now)],
  timeCandidates: (db: Database.Database, seg: CompiledSegment, t0: number, t1: number) => timeCandidates(db, seg, t0, t1),
  diff: (db: Database.Database, seg: CompiledSegment, segmentId: string, ids: string[] | null, now: number, size: number) =>
    hold(membershipDiff(db, seg, segmentId, ids, now), size),
  refreshDiff: (db: Database.Database, seg: CompiledSegment, segmentId: string, t0: number, t1: number, fullAbove: number, size: number) => {
    const d = refreshDiff(db, seg, segmentId, t0, t1, fullAbove);
    return { ...hold(d, size), candidates: d.candidates, full: d.full };
  },
  page: (_db: Database.Database, handle: number, size: number) => {
    const d = held.get(handle);
    if (!d) throw new Error(`no membership difference ${handle}`);
    const page = firstPage(d, size);
    if (d.enter.length + d.exit.length === 0) held.delete(handle);
    else page.handle = handle;
    return page;
  },
  drop: (_db: Database.Database, handle: number) => void held.delete(handle),
  countOpen: (db: Database.Database, ids: string[]) => countOpen(db, ids),
  activity: (db: Database.Database, ids: string[]) => segmentActivity(db, ids),
  preview: (db: Database.Database, seg: CompiledSegment, now: number, sample: number) => previewIds(db, seg, now, sample),
});
