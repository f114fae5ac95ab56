import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { findDataAttribute, type DataType } from "../attributes/index.js";
import type { Ctx } from "../context.js";
import { contactTags, contacts } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";

/** Intercom search operators (COMPAT §2.8). */
export const SEARCH_OPERATORS = ["=", "!=", "IN", "NIN", ">", "<", ">=", "<=", "~", "!~", "^", "$"] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

export type FieldType = "string" | "integer" | "float" | "boolean" | "date";

/** Which operators each value type accepts: dates only =, >, < (compared by calendar day). */
export const TYPE_OPERATORS: Record<FieldType, readonly SearchOperator[]> = {
  string: ["=", "!=", "IN", "NIN", "~", "!~", "^", "$"],
  integer: ["=", "!=", "IN", "NIN", ">", "<", ">=", "<="],
  float: ["=", "!=", "IN", "NIN", ">", "<", ">=", "<="],
  boolean: ["=", "!=", "IN", "NIN"],
  date: ["=", ">", "<"],
};

/**
 * A searchable contact field: its value type and the SQL expression giving its value on a `contacts` row.
 * `compile` replaces the generic operator translation (relations such as tags and segments).
 */
export interface ContactField {
  type: FieldType;
  expr: SQL | SQLiteColumn;
  operators?: readonly SearchOperator[];
  /** Compare lower-cased (emails are case-insensitive). */
  caseless?: boolean;
  compile?: (op: SearchOperator, values: (string | number | boolean)[]) => SQL;
}

const col = (type: FieldType, expr: SQL | SQLiteColumn, extra: Partial<ContactField> = {}): ContactField => ({ type, expr, ...extra });
const utm = (key: string) => col("string", sql`json_extract(${contacts.lastUtm}, ${`$.${key}`})`);

/** Mobile SDK fields Intercom lists but we never collect: always unknown. */
const MOBILE = ["app_name", "app_version", "device", "os_version", "sdk_version"];
const mobileFields = Object.fromEntries([
  ...["android", "ios"].flatMap((p) => MOBILE.map((m) => [`${p}_${m}`, col("string", sql`NULL`)])),
  ["android_last_seen_at", col("date", sql`NULL`)],
  ["ios_last_seen_at", col("date", sql`NULL`)],
]) as Record<string, ContactField>;

/** Contacts carrying (`=`) or not carrying (`!=`) a tag. */
const tagField: ContactField = col("string", contacts.id, {
  operators: ["=", "!="],
  compile: (op, [tagId]) => {
    const has = sql`EXISTS (SELECT 1 FROM ${contactTags} WHERE ${contactTags.contactId} = ${contacts.id} AND ${contactTags.tagId} = ${String(tagId)})`;
    return op === "=" ? has : sql`NOT ${has}`;
  },
});

/**
 * Segment membership. Until a segments engine registers itself with `defineSearchField("segment_id", …)`,
 * no contact is in any segment: `=`/`IN` match none and `!=`/`NIN` match all.
 */
const segmentField: ContactField = col("string", contacts.id, {
  operators: ["=", "!=", "IN", "NIN"],
  compile: (op) => (op === "=" || op === "IN" ? sql`0` : sql`1`),
});

/** The field → column mapping shared by search and (later) segment conditions. */
export const CONTACT_FIELDS: Record<string, ContactField> = {
  id: col("string", contacts.id),
  role: col("string", contacts.role),
  name: col("string", contacts.name),
  avatar: col("string", contacts.avatar),
  owner_id: col("integer", contacts.ownerId),
  email: col("string", contacts.email, { caseless: true }),
  email_domain: col("string", contacts.emailDomain, { caseless: true }),
  phone: col("string", contacts.phone),
  external_id: col("string", contacts.externalId),
  created_at: col("date", contacts.createdAt),
  signed_up_at: col("date", contacts.signedUpAt),
  updated_at: col("date", contacts.updatedAt),
  last_seen_at: col("date", contacts.lastSeenAt),
  last_contacted_at: col("date", contacts.lastContactedAt),
  last_replied_at: col("date", contacts.lastRepliedAt),
  last_email_opened_at: col("date", contacts.lastEmailOpenedAt),
  last_email_clicked_at: col("date", contacts.lastEmailClickedAt),
  language_override: col("string", contacts.languageOverride),
  browser: col("string", contacts.browser),
  browser_version: col("string", contacts.browserVersion),
  browser_language: col("string", contacts.browserLanguage),
  os: col("string", contacts.os),
  session_count: col("integer", contacts.sessionCount),
  "location.country": col("string", contacts.country),
  "location.region": col("string", contacts.region),
  "location.city": col("string", contacts.city),
  "location.country_code": col("string", contacts.countryCode),
  "location.continent_code": col("string", contacts.continentCode),
  unsubscribed_from_emails: col("boolean", contacts.unsubscribedFromEmails),
  marked_email_as_spam: col("boolean", contacts.markedEmailAsSpam),
  has_hard_bounced: col("boolean", contacts.hasHardBounced),
  utm_campaign: utm("campaign"),
  utm_content: utm("content"),
  utm_medium: utm("medium"),
  utm_source: utm("source"),
  utm_term: utm("term"),
  referrer: utm("referrer"),
  ...mobileFields,
  tag_id: tagField,
  segment_id: segmentField,
};

/** Replaces or adds a field (the segments engine plugs `segment_id` in here). */
export function defineSearchField(name: string, field: ContactField): void {
  CONTACT_FIELDS[name] = field;
}

const REGISTRY_TYPE: Record<DataType, FieldType> = { string: "string", options: "string", integer: "integer", float: "float", boolean: "boolean", date: "date" };

/**
 * Resolves `name` (a standard field or `custom_attributes.<name>`) for a workspace; an unknown one is a
 * VALIDATION error naming `path`. Custom attributes are read with json_extract and typed by the registry.
 */
export function resolveContactField(ctx: Ctx, workspaceId: string, name: string, path: string): ContactField {
  const std = Object.hasOwn(CONTACT_FIELDS, name) ? CONTACT_FIELDS[name] : undefined;
  if (std) return std;
  const custom = /^custom_attributes\.(.+)$/.exec(name)?.[1];
  const attr = custom && !/["\\]/.test(custom) ? findDataAttribute(ctx, workspaceId, "contact", custom) : undefined;
  if (!attr) throw invalid(path, `${path}: unknown field '${name.slice(0, 100)}'`);
  return col(REGISTRY_TYPE[attr.dataType], sql`json_extract(${contacts.customAttributes}, ${`$."${custom}"`})`);
}
