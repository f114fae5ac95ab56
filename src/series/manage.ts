import { and, eq, sql } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { series, seriesEnrollments, seriesVersions } from "../db/schema/index.js";
import { conflict, invalid } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import { compileDefinition, findSegment } from "../segments/index.js";
import { parseSeriesDefinition, type SeriesDefinition } from "./inputs.js";
import { ensureVersionMessages } from "./messages.js";
import { currentVersion, getSeries, listVersions, type Series } from "./queries.js";
import { archiveMessage, getMessage } from "../outbound/index.js";
import { flatten } from "./tree.js";

/** Creates a draft series with its first version. */
export function createSeries(ctx: Ctx, workspaceId: string, input: { name: string; definition: unknown; template?: string | undefined }, operatorId?: number): Series {
  const name = input.name.trim();
  if (!name || name.length > 255) throw invalid("name", "name: must be 1–255 characters");
  const def = checkDefinition(ctx, workspaceId, input.definition);
  const now = ctx.clock.now();
  const id = newId("sr", now);
  return withTx(ctx, () => {
    ctx.db.insert(series).values({ id, workspaceId, name, template: input.template ?? null, createdBy: operatorId ?? null, createdAt: now, updatedAt: now }).run();
    const versionId = insertVersion(ctx, id, 1, def, now);
    ctx.db.update(series).set({ currentVersionId: versionId }).where(eq(series.id, id)).run();
    return getSeries(ctx, workspaceId, id);
  });
}

function insertVersion(ctx: Ctx, seriesId: string, number: number, def: SeriesDefinition, now: number): string {
  const id = newId("sv", now);
  ctx.db.insert(seriesVersions).values({ id, seriesId, number, definition: def as unknown as Record<string, unknown>, createdAt: now }).run();
  return id;
}

/** Shape (zod) and references (segments, attributes, tags via the segments compiler) of a definition. */
export function checkDefinition(ctx: Ctx, workspaceId: string, raw: unknown): SeriesDefinition {
  const def = parseSeriesDefinition(raw);
  const compile = (d: unknown, field: string) => {
    try {
      compileDefinition({ ctx, workspaceId, strict: true, stack: [] }, d as never);
    } catch (err) {
      if (err instanceof Error && "field" in err) throw invalid(`${field}.${String((err as { field?: string }).field ?? "")}`, `${field}: ${err.message}`);
      throw err;
    }
  };
  flatten(def.steps).forEach((s) => {
    if (s.type === "split" && s.mode === "condition") s.branches.forEach((b, i) => compile(b.condition, `steps.${s.id}.branches[${i}].condition`));
    if (s.type === "send" && s.channel === "email" && s.variants.some((v) => !v.subject?.trim())) throw invalid(`steps.${s.id}.subject`, `steps.${s.id}: an email needs a subject`);
  });
  if (def.goal && "condition" in def.goal) compile(def.goal.condition, "goal.condition");
  def.exits.forEach((r, i) => "condition" in r && compile(r.condition, `exits[${i}].condition`));
  if (def.entry.type === "segment" && !findSegment(ctx, workspaceId, def.entry.segmentId)) throw invalid("entry.segmentId", "entry.segmentId: no such segment");
  return def;
}

/**
 * Saves a new definition. While nobody has entered the current version it is changed in place; once someone has,
 * a new version is made: contacts already enrolled finish the version they entered, new ones get this one.
 */
export function saveDefinition(ctx: Ctx, workspaceId: string, id: string, raw: unknown): Series {
  const def = checkDefinition(ctx, workspaceId, raw);
  const now = ctx.clock.now();
  return withTx(ctx, () => {
    const s = getSeries(ctx, workspaceId, id);
    if (s.status === "archived") throw conflict("An archived series cannot be edited");
    const v = currentVersion(ctx, s);
    const used = ctx.db.select({ n: sql<number>`count(*)` }).from(seriesEnrollments).where(eq(seriesEnrollments.versionId, v.id)).get()!.n > 0;
    if (!used && Object.keys(v.messageIds).length === 0) {
      ctx.db.update(seriesVersions).set({ definition: def as unknown as Record<string, unknown> }).where(eq(seriesVersions.id, v.id)).run();
    } else {
      const versionId = insertVersion(ctx, s.id, v.number + 1, def, now);
      ctx.db.update(series).set({ currentVersionId: versionId }).where(eq(series.id, s.id)).run();
    }
    ctx.db.update(series).set({ updatedAt: now }).where(eq(series.id, s.id)).run();
    const out = getSeries(ctx, workspaceId, id);
    if (out.status !== "draft") ensureVersionMessages(ctx, out, currentVersion(ctx, out));
    return out;
  });
}

/** Renames a series. */
export function renameSeries(ctx: Ctx, workspaceId: string, id: string, name: string): Series {
  const clean = name.trim();
  if (!clean || clean.length > 255) throw invalid("name", "name: must be 1–255 characters");
  getSeries(ctx, workspaceId, id);
  ctx.db.update(series).set({ name: clean, updatedAt: ctx.clock.now() }).where(eq(series.id, id)).run();
  return getSeries(ctx, workspaceId, id);
}

/** Starts a draft (or resumes a paused series): entries are accepted and enrollments advance. */
export function launchSeries(ctx: Ctx, workspaceId: string, id: string): Series {
  return withTx(ctx, () => {
    const s = getSeries(ctx, workspaceId, id);
    if (s.status === "live") return s;
    if (s.status === "archived") throw conflict("An archived series cannot be launched");
    const now = ctx.clock.now();
    ctx.db.update(series).set({ status: "live", entryScannedAt: s.entryScannedAt ?? now, updatedAt: now }).where(eq(series.id, id)).run();
    const out = getSeries(ctx, workspaceId, id);
    ensureVersionMessages(ctx, out, currentVersion(ctx, out));
    return out;
  });
}

/** Pauses a live series: nobody enters and no step runs until it is launched again (overdue waits then proceed). */
export function pauseSeries(ctx: Ctx, workspaceId: string, id: string): Series {
  const s = getSeries(ctx, workspaceId, id);
  if (s.status !== "live") throw conflict(`A ${s.status} series cannot be paused`);
  ctx.db.update(series).set({ status: "paused", updatedAt: ctx.clock.now() }).where(eq(series.id, id)).run();
  return getSeries(ctx, workspaceId, id);
}

/** Archives a series: its active enrollments end as exited and its messages are archived (queued ones cancelled). */
export function archiveSeries(ctx: Ctx, workspaceId: string, id: string): Series {
  const out = withTx(ctx, () => {
    getSeries(ctx, workspaceId, id);
    const now = ctx.clock.now();
    ctx.db.update(seriesEnrollments).set({ status: "exited", endedAt: now, endedStepId: sql`${seriesEnrollments.stepId}`, stepId: null, wakeAt: null, updatedAt: now })
      .where(and(eq(seriesEnrollments.seriesId, id), eq(seriesEnrollments.status, "active"))).run();
    ctx.db.update(series).set({ status: "archived", updatedAt: now }).where(eq(series.id, id)).run();
    return getSeries(ctx, workspaceId, id);
  });
  for (const v of listVersions(ctx, id)) {
    for (const messageId of Object.values(v.messageIds)) {
      if (getMessage(ctx, workspaceId, messageId).status !== "archived") archiveMessage(ctx, workspaceId, messageId);
    }
  }
  return out;
}
