import { findDataAttribute, STANDARD_COMPANY_ATTRIBUTES, type DataType } from "../attributes/index.js";
import { CONTACT_FIELDS, resolveContactField, type FieldType } from "../contacts/index.js";
import type { Ctx } from "../context.js";
import { fail, type ValueType } from "./inputs.js";
import { fromDrizzle, q, raw, type Frag } from "./sql.js";

/** An attribute as a segment condition sees it: its value type and its SQL on the `contacts` (or `co`) row. */
export interface Field {
  type: ValueType;
  expr: Frag;
}

const SEARCH_TYPE: Record<FieldType, ValueType> = { string: "string", integer: "number", float: "number", boolean: "boolean", date: "date" };
const REGISTRY_TYPE: Record<DataType, ValueType> = { string: "string", options: "string", integer: "number", float: "number", boolean: "boolean", date: "date" };

/** Short names people write for location fields (`city` rather than `location.city`). */
const ALIASES: Record<string, string> = {
  city: "location.city", region: "location.region", country: "location.country",
  country_code: "location.country_code", continent_code: "location.continent_code",
};

/** Contact columns the search mapping leaves out but segments may use. */
const EXTRA: Record<string, Field> = {
  device: { type: "string", expr: raw(`"contacts"."device"`) },
  timezone: { type: "string", expr: raw(`"contacts"."timezone"`) },
  last_seen_ip: { type: "string", expr: raw(`"contacts"."last_seen_ip"`) },
};

/**
 * Resolves a contact attribute: a standard field (the mapping contact search uses, so both read the same
 * columns), then a custom attribute by bare name or as `custom_attributes.<name>`. Unknown → 400 naming `path`.
 */
export function contactField(ctx: Ctx, workspaceId: string, name: string, path: string): Field {
  const key = ALIASES[name] ?? name;
  const std = Object.hasOwn(CONTACT_FIELDS, key) ? CONTACT_FIELDS[key] : undefined;
  if (std && !std.compile) return { type: SEARCH_TYPE[std.type], expr: fromDrizzle(std.expr) };
  if (Object.hasOwn(EXTRA, key)) return EXTRA[key]!;
  const custom = key.startsWith("custom_attributes.") ? key.slice("custom_attributes.".length) : key;
  if (!/["\\]/.test(custom) && findDataAttribute(ctx, workspaceId, "contact", custom)) {
    const f = resolveContactField(ctx, workspaceId, `custom_attributes.${custom}`, path);
    return { type: SEARCH_TYPE[f.type], expr: fromDrizzle(f.expr) };
  }
  throw fail(path, `unknown attribute '${name.slice(0, 100)}'`);
}

/** Resolves a company attribute (standard column or custom) on a `companies` row aliased `co`. */
export function companyField(ctx: Ctx, workspaceId: string, name: string, path: string): Field {
  const std = Object.hasOwn(STANDARD_COMPANY_ATTRIBUTES, name) ? STANDARD_COMPANY_ATTRIBUTES[name] : undefined;
  // Standard company attribute names are the column names.
  if (std) return { type: REGISTRY_TYPE[std], expr: raw(`co."${name}"`) };
  const custom = name.startsWith("custom_attributes.") ? name.slice("custom_attributes.".length) : name;
  const attr = /["\\]/.test(custom) ? undefined : findDataAttribute(ctx, workspaceId, "company", custom);
  if (!attr) throw fail(path, `unknown company attribute '${name.slice(0, 100)}'`);
  return { type: REGISTRY_TYPE[attr.dataType], expr: q`json_extract(co."custom_attributes", ${`$."${custom}"`})` };
}

/** An event metadata key: its type is read off the value the condition compares with. */
export function metadataField(key: string, value: unknown): Field {
  const type: ValueType = typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string";
  return { type, expr: q`json_extract(e."metadata", ${`$."${key}"`})` };
}
