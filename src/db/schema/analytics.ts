import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { workspaces } from "./workspaces.js";

/** A saved funnel, shared by everyone in the workspace. `definition` is src/analytics FunnelDefinition. */
export const funnels = sqliteTable(
  "funnels",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    definition: text("definition", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Operator who saved it last (no foreign key: the funnel outlives a removed teammate). */
    updatedBy: integer("updated_by"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("funnels_ws").on(t.workspaceId, t.name)],
);
