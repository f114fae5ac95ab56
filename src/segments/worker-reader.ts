import type { Ctx } from "../context.js";
import { evaluateAll, evaluateContacts, timeCandidates } from "./evaluate.js";
import type { CompiledSegment } from "./tree.js";
import { ReadWorker, sibling } from "./worker-pool.js";

/** The reads behind a full evaluation or a refresh, run on the main connection or on a worker thread. */
export interface SegmentReader {
  /** True when reads run on another thread (and may see a slightly older commit than the main connection). */
  offThread: boolean;
  /** False once its worker thread died (a crash, shutdown): the next segmentReader call starts another. */
  alive(): boolean;
  evaluateAll(seg: CompiledSegment, now: number): Promise<string[]>;
  evaluateContacts(workspaceId: string, segs: CompiledSegment[], contactIds: string[], now: number): Promise<Map<string, boolean[]>>;
  timeCandidates(seg: CompiledSegment, t0: number, t1: number): Promise<string[]>;
}

export type ReadMode = "auto" | "worker" | "inline";

const readers = new WeakMap<object, SegmentReader>();
const modes = new WeakMap<object, ReadMode>();

/**
 * Chooses where segment reads run for this database: `auto` (the default) uses a worker thread for a database
 * file and the main connection for `:memory:` (which another connection cannot open: tests). `worker` on a
 * `:memory:` database falls back to inline.
 */
export function setSegmentReadMode(ctx: Ctx, mode: ReadMode): void {
  modes.set(ctx.db.$client, mode);
  readers.delete(ctx.db.$client);
}

/** The reader for `ctx`'s database: one worker per database, closed when the app shuts down. */
export function segmentReader(ctx: Ctx): SegmentReader {
  const client = ctx.db.$client;
  const hit = readers.get(client);
  if (hit && (hit.alive() || ctx.shutdown.aborted)) return hit;
  const mode = modes.get(client) ?? "auto";
  const reader = mode !== "inline" && !client.memory ? workerReader(ctx, client.name) : inlineReader(ctx);
  readers.set(client, reader);
  return reader;
}

function inlineReader(ctx: Ctx): SegmentReader {
  const db = ctx.db.$client;
  return {
    offThread: false,
    alive: () => true,
    evaluateAll: async (seg, now) => evaluateAll(db, seg, now),
    evaluateContacts: async (ws, segs, ids, now) => evaluateContacts(db, ws, segs, ids, now),
    timeCandidates: async (seg, t0, t1) => timeCandidates(db, seg, t0, t1),
  };
}

function workerReader(ctx: Ctx, path: string): SegmentReader {
  const worker = new ReadWorker(sibling(import.meta.url, "worker"), path);
  ctx.shutdown.addEventListener("abort", () => void worker.close(), { once: true });
  return {
    offThread: true,
    alive: () => worker.alive,
    evaluateAll: (seg, now) => worker.call<string[]>("evaluateAll", [seg, now]),
    evaluateContacts: async (ws, segs, ids, now) => new Map(await worker.call<[string, boolean[]][]>("evaluateContacts", [ws, segs, ids, now])),
    timeCandidates: (seg, t0, t1) => worker.call<string[]>("timeCandidates", [seg, t0, t1]),
  };
}
