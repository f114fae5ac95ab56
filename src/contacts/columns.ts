import type { SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { listDataAttributes, type DataType } from "../attributes/index.js";
import type { Ctx } from "../context.js";
import { contacts, type Utm } from "../db/schema/index.js";
import type { Contact } from "./queries.js";
import { CONTACT_FIELDS, resolveContactField } from "./search-fields.js";

/** How a column's values look and compare. */
export type ColumnType = "string" | "number" | "date" | "boolean";
export type CellValue = string | number | boolean | null;

/**
 * A column of the admin contacts list (and the CSV export). Keys are the attribute names the filter and
 * segments use (`last_seen_at`, `location.city`, `custom_attributes.plan`), so one word means one thing.
 */
export interface ContactColumn {
  key: string;
  label: string;
  type: ColumnType;
  custom: boolean;
  get: (c: Contact) => CellValue;
}

const utm = (which: "firstUtm" | "lastUtm", k: keyof Utm) => (c: Contact) => c[which]?.[k] ?? null;
const std = (key: string, label: string, type: ColumnType, get: (c: Contact) => CellValue): ContactColumn => ({ key, label, type, custom: false, get });

/** Built-in columns, in the order the picker offers them. */
export const STANDARD_COLUMNS: readonly ContactColumn[] = [
  std("name", "Name", "string", (c) => c.name),
  std("email", "Email", "string", (c) => c.email),
  std("external_id", "User ID", "string", (c) => c.externalId),
  std("phone", "Phone", "string", (c) => c.phone),
  std("last_seen_at", "Last seen", "date", (c) => c.lastSeenAt),
  std("created_at", "First seen", "date", (c) => c.createdAt),
  std("signed_up_at", "Signed up", "date", (c) => c.signedUpAt),
  std("updated_at", "Updated", "date", (c) => c.updatedAt),
  std("session_count", "Sessions", "number", (c) => c.sessionCount),
  std("location.city", "City", "string", (c) => c.city),
  std("location.region", "Region", "string", (c) => c.region),
  std("location.country", "Country", "string", (c) => c.country),
  std("browser", "Browser", "string", (c) => c.browser),
  std("os", "OS", "string", (c) => c.os),
  std("browser_language", "Language", "string", (c) => c.browserLanguage),
  std("email_domain", "Email domain", "string", (c) => c.emailDomain),
  std("utm_source", "UTM source (last)", "string", utm("lastUtm", "source")),
  std("utm_medium", "UTM medium (last)", "string", utm("lastUtm", "medium")),
  std("utm_campaign", "UTM campaign (last)", "string", utm("lastUtm", "campaign")),
  std("unsubscribed_from_emails", "Unsubscribed", "boolean", (c) => c.unsubscribedFromEmails),
];

export const DEFAULT_COLUMNS = ["name", "email", "last_seen_at", "created_at", "session_count", "location.country"];

const CUSTOM_TYPE: Record<DataType, ColumnType> = { string: "string", options: "string", integer: "number", float: "number", boolean: "boolean", date: "date" };

/** Every column available in a workspace: the built-in ones, then its (unarchived) custom attributes. */
export function contactColumns(ctx: Ctx, workspaceId: string): ContactColumn[] {
  const custom = listDataAttributes(ctx, workspaceId, "contact").map((a): ContactColumn => ({
    key: `custom_attributes.${a.name}`, label: a.label, type: CUSTOM_TYPE[a.dataType], custom: true,
    get: (c) => c.customAttributes[a.name] ?? null,
  }));
  return [...STANDARD_COLUMNS, ...custom];
}

/**
 * The SQL giving a column's value on a contacts row, for sorting; undefined for an unknown key. Reuses the
 * search field map so sorting, search and filters read the same expression.
 */
export function columnExpression(ctx: Ctx, workspaceId: string, key: string): SQL | SQLiteColumn | undefined {
  if (key === "id") return contacts.id;
  const field = Object.hasOwn(CONTACT_FIELDS, key) ? CONTACT_FIELDS[key] : undefined;
  if (field && !field.compile) return field.expr;
  if (!key.startsWith("custom_attributes.")) return undefined;
  try {
    return resolveContactField(ctx, workspaceId, key, "sort").expr;
  } catch {
    return undefined;
  }
}
