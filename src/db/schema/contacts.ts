import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { workspaces } from "./workspaces.js";

export type Attrs = Record<string, string | number | boolean | null>;

/** A person known to a workspace: a `user` (has external_id/email from the product) or a `lead`. */
export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["user", "lead"] }).notNull(),
    externalId: text("external_id"),
    email: text("email"),
    emailDomain: text("email_domain"),
    phone: text("phone"),
    name: text("name"),
    avatar: text("avatar"),
    ownerId: integer("owner_id"),
    signedUpAt: integer("signed_up_at"),
    lastSeenAt: integer("last_seen_at"),
    lastSeenIp: text("last_seen_ip"),
    lastSeenUserAgent: text("last_seen_user_agent"),
    browser: text("browser"),
    browserVersion: text("browser_version"),
    browserLanguage: text("browser_language"),
    os: text("os"),
    device: text("device"),
    city: text("city"),
    region: text("region"),
    country: text("country"),
    countryCode: text("country_code"),
    continentCode: text("continent_code"),
    timezone: text("timezone"),
    /** The city's coordinates from the offline database (city-level, never the person's position), for the map. */
    latitude: real("latitude"),
    longitude: real("longitude"),
    languageOverride: text("language_override"),
    sessionCount: integer("session_count").notNull().default(0),
    unsubscribedFromEmails: integer("unsubscribed_from_emails", { mode: "boolean" }).notNull().default(false),
    hasHardBounced: integer("has_hard_bounced", { mode: "boolean" }).notNull().default(false),
    markedEmailAsSpam: integer("marked_email_as_spam", { mode: "boolean" }).notNull().default(false),
    firstUtm: text("first_utm", { mode: "json" }).$type<Utm>(),
    lastUtm: text("last_utm", { mode: "json" }).$type<Utm>(),
    customAttributes: text("custom_attributes", { mode: "json" }).$type<Attrs>().notNull().default({}),
    archived: integer("archived", { mode: "boolean" }).notNull().default(false),
    lastContactedAt: integer("last_contacted_at"),
    lastRepliedAt: integer("last_replied_at"),
    lastEmailOpenedAt: integer("last_email_opened_at"),
    lastEmailClickedAt: integer("last_email_clicked_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("contacts_external_id").on(t.workspaceId, t.externalId).where(sql`${t.externalId} IS NOT NULL`),
    index("contacts_email").on(t.workspaceId, sql`lower(${t.email})`),
    index("contacts_ws_created").on(t.workspaceId, t.createdAt),
    index("contacts_ws_last_seen").on(t.workspaceId, t.lastSeenAt),
    index("contacts_ws_signed_up").on(t.workspaceId, t.signedUpAt),
    // The admin list's tabs (users / leads, archived hidden) ordered by last seen, and their counts.
    index("contacts_ws_role_archived_seen").on(t.workspaceId, t.role, t.archived, t.lastSeenAt),
  ],
);

/** First- or last-touch acquisition data. */
export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
  referrer?: string;
}

/** Other ids a contact answers to (anonymous/visitor ids, merged contacts' ids). */
export const contactAliases = sqliteTable(
  "contact_aliases",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    alias: text("alias").notNull(),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.alias] }), index("contact_aliases_contact").on(t.contactId)],
);

/** Every lead→user merge, with a snapshot of the merged-away contact. */
export const mergeLog = sqliteTable(
  "merge_log",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    fromContactId: text("from_contact_id").notNull(),
    intoContactId: text("into_contact_id").notNull(),
    reason: text("reason").notNull(),
    snapshot: text("snapshot", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("merge_log_into").on(t.intoContactId), index("merge_log_from").on(t.fromContactId)],
);

/** Typed registry of attributes (custom and, for companies, custom company attributes). */
export const dataAttributes = sqliteTable(
  "data_attributes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    model: text("model", { enum: ["contact", "company"] }).notNull(),
    name: text("name").notNull(),
    dataType: text("data_type", { enum: ["string", "integer", "float", "boolean", "date", "options"] }).notNull(),
    label: text("label").notNull(),
    description: text("description"),
    options: text("options", { mode: "json" }).$type<string[]>(),
    messengerWritable: integer("messenger_writable", { mode: "boolean" }).notNull().default(false),
    archived: integer("archived", { mode: "boolean" }).notNull().default(false),
    createdBy: text("created_by", { enum: ["api", "auto", "admin"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("data_attributes_name").on(t.workspaceId, t.model, t.name)],
);
