import { and, desc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { series, seriesEnrollments, seriesVersions } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";
import type { SeriesDefinition } from "./inputs.js";

export type Series = typeof series.$inferSelect;
export type Enrollment = typeof seriesEnrollments.$inferSelect;
export interface SeriesVersion extends Omit<typeof seriesVersions.$inferSelect, "definition"> {
  definition: SeriesDefinition;
}

/** A series of the workspace, or NOT_FOUND. */
export function getSeries(ctx: Ctx, workspaceId: string, id: string): Series {
  const row = ctx.db.select().from(series).where(and(eq(series.id, id), eq(series.workspaceId, workspaceId))).get();
  if (!row) throw notFound(`No series ${id}`);
  return row;
}

/** Every series of the workspace, newest first (archived last). */
export function listSeries(ctx: Ctx, workspaceId: string): Series[] {
  return ctx.db.select().from(series).where(eq(series.workspaceId, workspaceId))
    .orderBy(sql`${series.status} = 'archived'`, desc(series.createdAt)).all();
}

/** One version by id (definitions are stored already validated). */
export function getVersion(ctx: Ctx, versionId: string): SeriesVersion {
  const row = ctx.db.select().from(seriesVersions).where(eq(seriesVersions.id, versionId)).get();
  if (!row) throw notFound(`No series version ${versionId}`);
  return row as SeriesVersion;
}

/** The version new contacts enter. */
export function currentVersion(ctx: Ctx, s: Series): SeriesVersion {
  return getVersion(ctx, s.currentVersionId!);
}

/** Every version of a series, newest first. */
export function listVersions(ctx: Ctx, seriesId: string): SeriesVersion[] {
  return ctx.db.select().from(seriesVersions).where(eq(seriesVersions.seriesId, seriesId)).orderBy(desc(seriesVersions.number)).all() as SeriesVersion[];
}

/** An enrollment by id, or undefined. */
export function findEnrollment(ctx: Ctx, id: string): Enrollment | undefined {
  return ctx.db.select().from(seriesEnrollments).where(eq(seriesEnrollments.id, id)).get();
}

/** A contact's enrollments in a series, latest first. */
export function listContactEnrollments(ctx: Ctx, seriesId: string, contactId: string): Enrollment[] {
  return ctx.db.select().from(seriesEnrollments)
    .where(and(eq(seriesEnrollments.seriesId, seriesId), eq(seriesEnrollments.contactId, contactId)))
    .orderBy(desc(seriesEnrollments.occurrence)).all();
}

/** Enrollments of a series (latest first), for the admin list. */
export function listEnrollments(ctx: Ctx, seriesId: string, limit = 50): Enrollment[] {
  return ctx.db.select().from(seriesEnrollments).where(eq(seriesEnrollments.seriesId, seriesId))
    .orderBy(desc(seriesEnrollments.createdAt)).limit(limit).all();
}
