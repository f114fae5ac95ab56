import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { onContactMerge, type Contact } from "../contacts/index.js";
import { series, seriesVersions } from "../db/schema/index.js";
import { renameTagIn } from "../segments/index.js";
import { onTagRenamed } from "../tags/index.js";

/**
 * A merged lead's enrollments move to the surviving contact inside the merge transaction, so the lead's place in a
 * series (and its step runs, keyed by enrollment) carries on. Where both hold the same occurrence, the survivor's wins.
 */
export function moveEnrollments(ctx: Ctx, from: Contact, into: Contact): void {
  ctx.db.run(sql`UPDATE OR IGNORE series_enrollments SET contact_id = ${into.id} WHERE contact_id = ${from.id}`);
}

/** Series definitions (entry, splits, goals, exits) name tags; every version follows a rename, so none breaks. */
export function renameTagInSeries(ctx: Ctx, workspaceId: string, from: string, to: string): void {
  const rows = ctx.db
    .select({ id: seriesVersions.id, definition: seriesVersions.definition })
    .from(seriesVersions)
    .innerJoin(series, eq(series.id, seriesVersions.seriesId))
    .where(eq(series.workspaceId, workspaceId))
    .all();
  for (const row of rows) {
    const definition = renameTagIn(row.definition, from, to);
    if (definition !== row.definition) ctx.db.update(seriesVersions).set({ definition }).where(eq(seriesVersions.id, row.id)).run();
  }
}

onContactMerge(moveEnrollments);
onTagRenamed(renameTagInSeries);
