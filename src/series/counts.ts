import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { seriesEnrollments, seriesStepRuns } from "../db/schema/index.js";

/** Live figures of one block: everyone who reached it, split by where they are now. */
export interface BlockCounts {
  entered: number;
  waiting: number;
  passed: number;
  exited: number;
  goal: number;
}

export interface SeriesCounts {
  blocks: Map<string, BlockCounts>;
  total: { enrolled: number; active: number; completed: number; exited: number; goal: number };
}

const zero = (): BlockCounts => ({ entered: 0, waiting: 0, passed: 0, exited: 0, goal: 0 });

/** Per step id (across versions: ids are kept when a series is edited) and for the whole series. */
export function seriesCounts(ctx: Ctx, seriesId: string): SeriesCounts {
  const blocks = new Map<string, BlockCounts>();
  const at = (id: string) => blocks.get(id) ?? blocks.set(id, zero()).get(id)!;
  const runs = ctx.db.select({ stepId: seriesStepRuns.stepId, n: sql<number>`count(*)` }).from(seriesStepRuns)
    .where(eq(seriesStepRuns.seriesId, seriesId)).groupBy(seriesStepRuns.stepId).all();
  for (const r of runs) at(r.stepId).passed = r.n;
  const waiting = ctx.db.select({ stepId: seriesEnrollments.stepId, n: sql<number>`count(*)` }).from(seriesEnrollments)
    .where(and(eq(seriesEnrollments.seriesId, seriesId), eq(seriesEnrollments.status, "active"), isNotNull(seriesEnrollments.stepId)))
    .groupBy(seriesEnrollments.stepId).all();
  for (const r of waiting) at(r.stepId!).waiting = r.n;
  const ended = ctx.db.select({ stepId: seriesEnrollments.endedStepId, status: seriesEnrollments.status, n: sql<number>`count(*)` })
    .from(seriesEnrollments).where(and(eq(seriesEnrollments.seriesId, seriesId), isNotNull(seriesEnrollments.endedStepId)))
    .groupBy(seriesEnrollments.endedStepId, seriesEnrollments.status).all();
  for (const r of ended) {
    if (r.status === "exited") at(r.stepId!).exited += r.n;
    if (r.status === "goal") at(r.stepId!).goal += r.n;
  }
  for (const b of blocks.values()) b.entered = b.passed + b.waiting + b.exited + b.goal;
  const tot = ctx.db.select({ status: seriesEnrollments.status, n: sql<number>`count(*)` }).from(seriesEnrollments)
    .where(eq(seriesEnrollments.seriesId, seriesId)).groupBy(seriesEnrollments.status).all();
  const by = (s: string) => tot.find((t) => t.status === s)?.n ?? 0;
  return {
    blocks,
    total: { enrolled: tot.reduce((n, t) => n + t.n, 0), active: by("active"), completed: by("completed"), exited: by("exited"), goal: by("goal") },
  };
}
