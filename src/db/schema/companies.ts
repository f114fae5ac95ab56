import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts, type Attrs } from "./contacts.js";
import { workspaces } from "./workspaces.js";

/** An organisation contacts belong to; `company_id` is the product's own id for it. */
export const companies = sqliteTable(
  "companies",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    companyId: text("company_id").notNull(),
    name: text("name"),
    plan: text("plan"),
    monthlySpend: real("monthly_spend"),
    size: integer("size"),
    website: text("website"),
    industry: text("industry"),
    remoteCreatedAt: integer("remote_created_at"),
    customAttributes: text("custom_attributes", { mode: "json" }).$type<Attrs>().notNull().default({}),
    userCount: integer("user_count").notNull().default(0),
    sessionCount: integer("session_count").notNull().default(0),
    lastRequestAt: integer("last_request_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("companies_company_id").on(t.workspaceId, t.companyId), index("companies_ws_name").on(t.workspaceId, t.name)],
);

export const contactCompanies = sqliteTable(
  "contact_companies",
  {
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    companyId: text("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.companyId] }), index("contact_companies_company").on(t.companyId)],
);

export const tags = sqliteTable(
  "tags",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("tags_name").on(t.workspaceId, t.name)],
);

export const contactTags = sqliteTable(
  "contact_tags",
  {
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    tagId: text("tag_id").notNull().references(() => tags.id, { onDelete: "cascade" }),
    appliedAt: integer("applied_at").notNull(),
    appliedBy: integer("applied_by"),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.tagId] }), index("contact_tags_tag").on(t.tagId)],
);

export const companyTags = sqliteTable(
  "company_tags",
  {
    companyId: text("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    tagId: text("tag_id").notNull().references(() => tags.id, { onDelete: "cascade" }),
    appliedAt: integer("applied_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.tagId] }), index("company_tags_tag").on(t.tagId)],
);
