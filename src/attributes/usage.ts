import { sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import type { Model } from "./types.js";

/**
 * How many contacts (or companies) of a workspace hold a value for each custom attribute. One pass over the rows'
 * JSON instead of one query per attribute: the Data page loads it lazily because at 1M contacts it is a full scan.
 */
export function countAttributeUsage(ctx: Ctx, workspaceId: string, model: Model): Map<string, number> {
  const table = model === "contact" ? sql`contacts` : sql`companies`;
  const archived = model === "contact" ? sql`AND t.archived = 0` : sql``;
  const rows = ctx.db.all<{ key: string; n: number }>(sql`
    SELECT j.key AS key, count(*) AS n FROM ${table} t, json_each(t.custom_attributes) j
    WHERE t.workspace_id = ${workspaceId} ${archived} AND j.type <> 'null' GROUP BY j.key`);
  return new Map(rows.map((r) => [r.key, r.n]));
}
