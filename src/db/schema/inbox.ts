import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { operators, workspaces } from "./workspaces.js";

/**
 * Canned answers operators insert into the inbox composer. `body` is plain text with Liquid variables
 * (`{{ contact.name | default: "there" }}`), rendered for the conversation's contact when inserted.
 */
export const savedReplies = sqliteTable(
  "saved_replies",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    body: text("body").notNull(),
    createdBy: integer("created_by").references(() => operators.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("saved_replies_ws_name").on(t.workspaceId, t.name)],
);
