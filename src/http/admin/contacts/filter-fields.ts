import { listDataAttributes, STANDARD_COMPANY_ATTRIBUTES, STANDARD_CONTACT_ATTRIBUTES, type DataType } from "../../../attributes/index.js";
import { STANDARD_COLUMNS } from "../../../contacts/columns.js";
import type { Ctx } from "../../../context.js";
import { listEventCatalog } from "../../../events/catalog.js";
import { listSegments } from "../../../segments/index.js";
import { listTags } from "../../../tags/index.js";
import type { FilterField, ValueType } from "../../../../views/contacts/filter-ops.js";

/** Everything the builder offers in one workspace, plus the tags and segments its value boxes list. */
export interface FilterCatalog {
  fields: FilterField[];
  tags: { id: string; name: string }[];
  segments: { id: string; name: string }[];
}

const TYPE: Record<DataType, ValueType> = { string: "string", options: "string", integer: "number", float: "number", boolean: "boolean", date: "date" };

/** Built-in attributes worth filtering on, grouped as the builder shows them (role is the Users/Leads tab). */
const STANDARD_GROUPS: [group: string, keys: string[]][] = [
  ["Person", ["name", "email", "external_id", "email_domain", "phone", "signed_up_at", "created_at", "last_seen_at", "session_count", "unsubscribed_from_emails"]],
  ["Location", ["location.city", "location.region", "location.country", "location.country_code", "timezone"]],
  ["Browser & device", ["browser", "browser_version", "os", "device", "browser_language"]],
  ["Acquisition (last touch)", ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "referrer"]],
];

const LABELS: Record<string, string> = {
  ...Object.fromEntries(STANDARD_COLUMNS.map((c) => [c.key, c.label])),
  "location.country_code": "Country code", timezone: "Time zone", browser_version: "Browser version", device: "Device",
  utm_term: "UTM term (last)", utm_content: "UTM content (last)", referrer: "Referrer (last)",
};

/** "monthly_spend" → "Monthly spend". */
function pretty(name: string): string {
  const s = name.replace(/[._]+/g, " ").trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The builder's fields for a workspace: built-in and custom attributes, events seen, tags, segments, companies. */
export function filterCatalog(ctx: Ctx, workspaceId: string): FilterCatalog {
  const fields: FilterField[] = [];
  for (const [group, keys] of STANDARD_GROUPS) {
    for (const key of keys) fields.push({ key: `attr:${key}`, label: LABELS[key] ?? pretty(key), group, kind: "attribute", type: TYPE[STANDARD_CONTACT_ATTRIBUTES[key] ?? "string"] });
  }
  for (const a of listDataAttributes(ctx, workspaceId, "contact")) {
    fields.push({ key: `attr:custom_attributes.${a.name}`, label: a.label, group: "Custom attributes", kind: "attribute", type: TYPE[a.dataType] });
  }
  for (const e of listEventCatalog(ctx, workspaceId)) fields.push({ key: `event:${e.name}`, label: e.name, group: "Events", kind: "event" });
  const tags = listTags(ctx, workspaceId).map((t) => ({ id: t.id, name: t.name }));
  const segments = listSegments(ctx, workspaceId).map((s) => ({ id: s.id, name: s.name }));
  fields.push({ key: "tag", label: "Tag", group: "Tags & segments", kind: "tag" });
  if (segments.length > 0) fields.push({ key: "segment", label: "Segment", group: "Tags & segments", kind: "segment" });
  for (const [name, type] of Object.entries(STANDARD_COMPANY_ATTRIBUTES)) {
    if (name === "id") continue;
    const label = name === "company_id" ? "Company ID" : `Company ${pretty(name).toLowerCase()}`;
    fields.push({ key: `company:${name}`, label, group: "Company", kind: "company", type: TYPE[type] });
  }
  for (const a of listDataAttributes(ctx, workspaceId, "company")) {
    fields.push({ key: `company:custom_attributes.${a.name}`, label: `Company ${a.label}`, group: "Company", kind: "company", type: TYPE[a.dataType] });
  }
  return { fields, tags, segments };
}
