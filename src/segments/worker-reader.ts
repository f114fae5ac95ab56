import type { Ctx } from "../context.js";
import { evaluateAll, evaluateContacts, timeCandidates } from "./evaluate.js";
import type { CompiledSegment } from "./tree.js";
import { DIFF_PAGE, diffPages, localPages, type DiffPage } from "./worker-pages.js";
import { ReadWorker, sibling } from "./worker-pool.js";
import { countOpen, membershipDiff, previewIds, refreshDiff, segmentActivity } from "./worker-tasks.js";

/** A membership difference arriving page by page (see worker-pages.ts). */
export type DiffStream = AsyncGenerator<DiffPage>;

/** The reads behind a full evaluation or a refresh, run on the main connection or on a worker thread. */
export interface SegmentReader {
  /** True when reads run on another thread (and may see a slightly older commit than the main connection). */
  offThread: boolean;
  /** False once its worker thread died (a crash, shutdown): the next segmentReader call starts another. */
  alive(): boolean;
  evaluateAll(seg: CompiledSegment, now: number): Promise<string[]>;
  evaluateContacts(workspaceId: string, segs: CompiledSegment[], contactIds: string[], now: number): Promise<Map<string, boolean[]>>;
  timeCandidates(seg: CompiledSegment, t0: number, t1: number): Promise<string[]>;
  /** Who enters and leaves `segmentId`: every contact (`contactIds` null) or the listed ones, against its open stays. */
  diff(seg: CompiledSegment, segmentId: string, contactIds: string[] | null, now: number): Promise<DiffStream>;
  /** A refresh: the contacts time may have moved since `t0`, and their difference (in full past `fullAbove`). */
  refreshDiff(seg: CompiledSegment, segmentId: string, t0: number, t1: number, fullAbove: number): Promise<{ candidates: number; full: boolean; pages: DiffStream }>;
  /** Current members per segment. */
  countOpen(segmentIds: string[]): Promise<Map<string, number>>;
  /** Checkpoints the WAL off the main thread after a run of writes (nothing to do inline). */
  checkpoint(): void;
  /** Current members and latest entry or exit (0: never) per segment. */
  activity(segmentIds: string[]): Promise<[string, number, number][]>;
  /** How many contacts match now, and the first `sample` ids. */
  preview(seg: CompiledSegment, now: number, sample: number): Promise<{ count: number; ids: string[] }>;
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

/** Current members of each segment, counted where reads run (a large segment takes milliseconds to count). */
export async function countMembersOffThread(ctx: Ctx, segmentIds: string[]): Promise<Map<string, number>> {
  return segmentIds.length === 0 ? new Map() : segmentReader(ctx).countOpen(segmentIds);
}

function inlineReader(ctx: Ctx): SegmentReader {
  const db = ctx.db.$client;
  return {
    offThread: false,
    alive: () => true,
    evaluateAll: async (seg, now) => evaluateAll(db, seg, now),
    evaluateContacts: async (ws, segs, ids, now) => evaluateContacts(db, ws, segs, ids, now),
    timeCandidates: async (seg, t0, t1) => timeCandidates(db, seg, t0, t1),
    diff: async (seg, id, ids, now) => localPages(membershipDiff(db, seg, id, ids, now)),
    refreshDiff: async (seg, id, t0, t1, above) => {
      const d = refreshDiff(db, seg, id, t0, t1, above);
      return { candidates: d.candidates, full: d.full, pages: localPages(d) };
    },
    countOpen: async (ids) => new Map(countOpen(db, ids)),
    activity: async (ids) => segmentActivity(db, ids),
    checkpoint: () => undefined,
    preview: async (seg, now, sample) => previewIds(db, seg, now, sample),
  };
}

function workerReader(ctx: Ctx, path: string): SegmentReader {
  const worker = new ReadWorker(sibling(import.meta.url, "worker"), path);
  ctx.shutdown.addEventListener("abort", () => void worker.close(), { once: true });
  const pages = (first: DiffPage) =>
    diffPages(first, (h) => worker.call<DiffPage>("page", [h, DIFF_PAGE]), (h) => void worker.call("drop", [h]).catch(() => undefined));
  return {
    offThread: true,
    alive: () => worker.alive,
    evaluateAll: (seg, now) => worker.call<string[]>("evaluateAll", [seg, now]),
    evaluateContacts: async (ws, segs, ids, now) => new Map(await worker.call<[string, boolean[]][]>("evaluateContacts", [ws, segs, ids, now])),
    timeCandidates: (seg, t0, t1) => worker.call<string[]>("timeCandidates", [seg, t0, t1]),
    diff: async (seg, id, ids, now) => pages(await worker.call<DiffPage>("diff", [seg, id, ids, now, DIFF_PAGE])),
    refreshDiff: async (seg, id, t0, t1, above) => {
      const r = await worker.call<DiffPage & { candidates: number; full: boolean }>("refreshDiff", [seg, id, t0, t1, above, DIFF_PAGE]);
      return { candidates: r.candidates, full: r.full, pages: pages(r) };
    },
    countOpen: async (ids) => new Map(await worker.call<[string, number][]>("countOpen", [ids])),
    activity: (ids) => worker.call<[string, number, number][]>("activity", [ids]),
    checkpoint: () => void worker.call("checkpoint", []).catch((e: Error) => ctx.log.warn("segment worker checkpoint failed", { err: e.message })),
    preview: (seg, now, sample) => worker.call<{ count: number; ids: string[] }>("preview", [seg, now, sample]),
  };
}
