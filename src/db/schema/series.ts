import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./contacts.js";
import { operators, workspaces } from "./workspaces.js";

export const SERIES_STATUSES = ["draft", "live", "paused", "archived"] as const;
export const ENROLLMENT_STATUSES = ["active", "completed", "exited", "goal"] as const;
export type SeriesStatus = (typeof SERIES_STATUSES)[number];
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/**
 * A multi-step sequence. What it does lives in its versions; `current_version_id` is the one new contacts enter.
 * The JSON shapes are validated by zod in src/series/inputs.ts.
 */
export const series = sqliteTable(
  "series",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    status: text("status", { enum: SERIES_STATUSES }).notNull().default("draft"),
    currentVersionId: text("current_version_id"),
    /** Template the series was made from, if any. */
    template: text("template"),
    /** Date-attribute entry rules enroll contacts whose date + N days falls after this time (set at launch). */
    entryScannedAt: integer("entry_scanned_at"),
    createdBy: integer("created_by").references(() => operators.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("series_ws").on(t.workspaceId, t.createdAt)],
);

/**
 * One immutable-once-used definition of a series: entry rule, steps (a tree), goal, exit rules, re-entry policy.
 * Editing a series whose current version has enrollments makes a new version; enrolled contacts stay on theirs.
 */
export const seriesVersions = sqliteTable(
  "series_versions",
  {
    id: text("id").primaryKey(),
    seriesId: text("series_id").notNull().references(() => series.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    definition: text("definition", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Send step id → message id (kind 'series'), created when the version first goes live. */
    messageIds: text("message_ids", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("series_versions_number").on(t.seriesId, t.number)],
);

/** One contact's trip through one version of a series. `occurrence` counts re-entries. */
export const seriesEnrollments = sqliteTable(
  "series_enrollments",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    seriesId: text("series_id").notNull().references(() => series.id, { onDelete: "cascade" }),
    versionId: text("version_id").notNull().references(() => seriesVersions.id, { onDelete: "cascade" }),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    occurrence: integer("occurrence").notNull(),
    status: text("status", { enum: ENROLLMENT_STATUSES }).notNull().default("active"),
    /** The step the contact is at (about to run, or waiting in); null once finished. */
    stepId: text("step_id"),
    /** When the contact reached the current step (waits count from here). */
    stepAt: integer("step_at").notNull(),
    /** When the engine must look at this enrollment again; null = only on a triggering event. */
    wakeAt: integer("wake_at"),
    /** What entered the contact: `segment`, `event`, `date`, `api`, `admin`. */
    source: text("source").notNull(),
    enteredAt: integer("entered_at").notNull(),
    endedAt: integer("ended_at"),
    /** Step where the enrollment ended (exit or goal). */
    endedStepId: text("ended_step_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("series_enrollments_occurrence").on(t.seriesId, t.contactId, t.occurrence),
    index("series_enrollments_due").on(t.status, t.wakeAt).where(sql`${t.status} = 'active'`),
    index("series_enrollments_contact").on(t.contactId, t.status),
    index("series_enrollments_series").on(t.seriesId, t.status, t.stepId),
  ],
);

/**
 * The exactly-once record: a step runs for an enrollment only by inserting this row, in the same transaction as its
 * effects (deliveries queued, tags, attributes) and the move to the next step. `outcome` is the path taken.
 */
export const seriesStepRuns = sqliteTable(
  "series_step_runs",
  {
    enrollmentId: text("enrollment_id").notNull().references(() => seriesEnrollments.id, { onDelete: "cascade" }),
    stepId: text("step_id").notNull(),
    seriesId: text("series_id").notNull(),
    outcome: text("outcome"),
    deliveryId: text("delivery_id"),
    ranAt: integer("ran_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.enrollmentId, t.stepId] }), index("series_step_runs_series").on(t.seriesId, t.stepId)],
);
