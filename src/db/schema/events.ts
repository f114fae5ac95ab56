import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { contacts } from "./contacts.js";
import { workspaces } from "./workspaces.js";

export type Metadata = Record<string, string | number | boolean | null>;

/** Something a contact did. Time-ordered indexes first: see PERF.md on write volume. */
export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
    metadata: text("metadata", { mode: "json" }).$type<Metadata>().notNull().default({}),
    /** Sender's idempotency key (Segment messageId); unique per workspace when present. */
    messageId: text("message_id"),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [
    index("events_contact_name_time").on(t.contactId, t.name, t.createdAt),
    index("events_ws_name_time").on(t.workspaceId, t.name, t.createdAt, t.contactId),
    // Time-ordered, so cheap to maintain (PERF.md §1.2); serves "events today" and activity reports.
    index("events_ws_time").on(t.workspaceId, t.createdAt),
    uniqueIndex("events_message_id").on(t.workspaceId, t.messageId).where(sql`${t.messageId} IS NOT NULL`),
  ],
);

/** Per-contact rollup (count, first, last) kept in the same transaction as the event insert. */
export const eventSummaries = sqliteTable(
  "event_summaries",
  {
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    workspaceId: text("workspace_id").notNull(),
    count: integer("count").notNull(),
    firstAt: integer("first_at").notNull(),
    lastAt: integer("last_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.name] }), index("event_summaries_ws_name").on(t.workspaceId, t.name, t.count, t.contactId)],
);

/** Workspace-wide event catalogue (name, count, first/last seen). */
export const eventNames = sqliteTable(
  "event_names",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    count: integer("count").notNull(),
    firstAt: integer("first_at").notNull(),
    lastAt: integer("last_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

/** A visit: a new session starts after the idle gap (30 minutes by default). */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    startedAt: integer("started_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    pageViews: integer("page_views").notNull().default(0),
    ip: text("ip"),
    userAgent: text("user_agent"),
    referrer: text("referrer"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
  },
  (t) => [index("sessions_contact_time").on(t.contactId, t.lastSeenAt)],
);

/** One page (or app screen) view. */
export const pageViews = sqliteTable(
  "page_views",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    sessionId: text("session_id"),
    kind: text("kind", { enum: ["page", "screen"] }).notNull().default("page"),
    url: text("url"),
    title: text("title"),
    referrer: text("referrer"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("page_views_contact_time").on(t.contactId, t.createdAt), index("page_views_ws_time").on(t.workspaceId, t.createdAt)],
);
