import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./contacts.js";
import { workspaces } from "./workspaces.js";

/** A saved audience: a definition tree (see src/segments/inputs.ts) evaluated to memberships. */
export const segments = sqliteTable(
  "segments",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    definition: text("definition", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Intercom's person_type: `user`, `contact` (leads) or `all`, derived from a role condition. */
    personType: text("person_type", { enum: ["user", "contact", "all"] }).notNull(),
    /** True when membership can change with time alone (windows, "days ago"): the refresh job visits it. */
    timeRelative: integer("time_relative", { mode: "boolean" }).notNull(),
    /** Time the memberships were last made exact for time-relative conditions; the refresh job resumes from here. */
    refreshedAt: integer("refreshed_at").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("segments_ws").on(t.workspaceId, t.createdAt), index("segments_time_relative").on(t.timeRelative)],
);

/**
 * One stay of a contact in a segment; `exited_at` NULL while it lasts. Re-entering adds a row, so the rows of a
 * contact are its membership history. Rows go with the contact (deleted or merged away) by cascade.
 */
export const segmentMemberships = sqliteTable(
  "segment_memberships",
  {
    id: integer("id").primaryKey(),
    segmentId: text("segment_id").notNull().references(() => segments.id, { onDelete: "cascade" }),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    enteredAt: integer("entered_at").notNull(),
    exitedAt: integer("exited_at"),
  },
  (t) => [
    uniqueIndex("segment_memberships_open").on(t.segmentId, t.contactId).where(sql`${t.exitedAt} IS NULL`),
    index("segment_memberships_contact").on(t.contactId, t.enteredAt),
    // Covers closed stays too: the cascade when a segment is deleted, and "who entered since" reads.
    index("segment_memberships_segment").on(t.segmentId, t.enteredAt),
  ],
);

/** Segment size over time: the latest count seen in each hour and each UTC day. */
export const segmentSizes = sqliteTable(
  "segment_sizes",
  {
    segmentId: text("segment_id").notNull().references(() => segments.id, { onDelete: "cascade" }),
    granularity: text("granularity", { enum: ["hour", "day"] }).notNull(),
    bucketStart: integer("bucket_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.granularity, t.bucketStart] })],
);
