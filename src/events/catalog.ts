import { desc, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { eventNames } from "../db/schema/index.js";

export type CatalogEntry = typeof eventNames.$inferSelect;

const MAX_NAMES = 1000;

/** The workspace's event catalogue (name, count, first/last seen), most recently seen first. */
export function listEventCatalog(ctx: Ctx, workspaceId: string): CatalogEntry[] {
  return ctx.db
    .select()
    .from(eventNames)
    .where(eq(eventNames.workspaceId, workspaceId))
    .orderBy(desc(eventNames.lastAt), eventNames.name)
    .limit(MAX_NAMES)
    .all();
}
