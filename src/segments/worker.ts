/**
 * Entry of the segments read worker (worker-reader.ts starts it): full evaluations, time candidates and contact
 * evaluations on the thread's own read-only connection. Results are plain arrays, so they cross threads cheaply.
 */
import type Database from "better-sqlite3";
import { evaluateAll, evaluateContacts, timeCandidates } from "./evaluate.js";
import type { CompiledSegment } from "./tree.js";
import { serveReads } from "./worker-host.js";

serveReads({
  evaluateAll: (db: Database.Database, seg: CompiledSegment, now: number) => evaluateAll(db, seg, now),
  evaluateContacts: (db: Database.Database, ws: string, segs: CompiledSegment[], ids: string[], now: number) => [...evaluateContacts(db, ws, segs, ids, now)],
  timeCandidates: (db: Database.Database, seg: CompiledSegment, t0: number, t1: number) => timeCandidates(db, seg, t0, t1),
});
