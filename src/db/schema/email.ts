import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { workspaces } from "./workspaces.js";

export const SUPPRESSION_REASONS = ["unsubscribe", "bounce", "complaint", "manual"] as const;

/**
 * Mail kept instead of sent while SMTP_URL is unset, so the embedded setup works end to end and the
 * admin can read what would have gone out. Contact and delivery ids carry no foreign key: the record
 * of what was "sent" outlives the contact.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    /** Null for instance-wide mail (e.g. to operators). */
    workspaceId: text("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: text("contact_id"),
    deliveryId: text("delivery_id"),
    messageId: text("message_id").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    /** Every header the message would have carried, in order. */
    headers: text("headers", { mode: "json" }).$type<[string, string][]>().notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("email_outbox_ws").on(t.workspaceId, t.id), index("email_outbox_created").on(t.createdAt)],
);

/**
 * Addresses mail must not go to. `scope` is a workspace id (unsubscribes: one app's mail) or "global"
 * (hard bounces and complaints: the mailbox itself refuses). Emails are stored lowercased.
 */
export const emailSuppressions = sqliteTable(
  "email_suppressions",
  {
    scope: text("scope").notNull(),
    email: text("email").notNull(),
    reason: text("reason", { enum: SUPPRESSION_REASONS }).notNull(),
    /** The server's answer for a bounce, or how an unsubscribe arrived. */
    detail: text("detail"),
    contactId: text("contact_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.email] })],
);
