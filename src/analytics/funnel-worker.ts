/**
 * Entry of the funnels read worker (funnel-async.ts starts it): evaluates a funnel on the thread's own read-only
 * connection. Its temp tables live on that connection (in memory), never on the main one.
 */
import type Database from "better-sqlite3";
import { serveReads } from "../segments/worker-host.js";
import { evaluateFunnel } from "./funnel-evaluate.js";
import type { FunnelDefinition, Range } from "./funnel-inputs.js";

serveReads({
  evaluateFunnel: (db: Database.Database, ws: string, def: FunnelDefinition, range: Range, now: number) => evaluateFunnel(db, ws, def, range, now),
});
