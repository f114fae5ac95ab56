import type { Ctx } from "../../context.js";
import { listDataAttributes, type Attrs, type DataAttribute, type DataType, type Model } from "../../attributes/index.js";
import type { Company } from "../../companies/index.js";
import type { Operator } from "../../operators/queries.js";
import { listCompanyTags, type AppliedTag, type Tag } from "../../tags/index.js";
import type { Workspace } from "../../workspaces/index.js";

/** Epoch ms → Intercom's unix seconds (null stays null). */
export function seconds(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : Math.floor(ms / 1000);
}

/** Names of a model's date-typed custom attributes: their stored ms are shown as seconds. */
export function dateAttributeNames(ctx: Ctx, workspaceId: string, model: Model): Set<string> {
  return new Set(listDataAttributes(ctx, workspaceId, model, true).filter((a) => a.dataType === "date").map((a) => a.name));
}

/** Custom attributes as Intercom shows them (dates in unix seconds). */
export function publicAttributes(attrs: Attrs, dateNames: Set<string>): Attrs {
  const out: Attrs = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = dateNames.has(k) && typeof v === "number" ? seconds(v) : v;
  return out;
}

export function tagJson(tag: Tag) {
  return { type: "tag" as const, id: tag.id, name: tag.name };
}

/** A tag as applied to something: adds `applied_at` and `applied_by` (admin "0" = the API itself). */
export function appliedTagJson(tag: AppliedTag) {
  return { ...tagJson(tag), applied_at: seconds(tag.appliedAt), applied_by: { type: "admin" as const, id: String(tag.appliedBy ?? 0) } };
}

/** Returns a serializer for companies of one workspace (looks up date attributes once per request). */
export function companyView(ctx: Ctx, workspace: Workspace): (company: Company) => Record<string, unknown> {
  const dates = dateAttributeNames(ctx, workspace.id, "company");
  return (co) => ({
    type: "company",
    id: co.id,
    company_id: co.companyId,
    app_id: workspace.idCode,
    name: co.name,
    remote_created_at: seconds(co.remoteCreatedAt),
    created_at: seconds(co.createdAt),
    updated_at: seconds(co.updatedAt),
    last_request_at: seconds(co.lastRequestAt),
    monthly_spend: co.monthlySpend ?? 0,
    session_count: co.sessionCount,
    user_count: co.userCount,
    size: co.size,
    website: co.website,
    industry: co.industry,
    tags: { type: "tag.list", tags: listCompanyTags(ctx, co.id).map(appliedTagJson) },
    segments: { type: "segment.list", segments: [] },
    plan: co.plan ? { type: "plan", id: co.plan, name: co.plan } : {},
    custom_attributes: publicAttributes(co.customAttributes, dates),
  });
}

/** An admin as listed by `GET /admins`. */
export function adminJson(op: Pick<Operator, "id" | "name" | "email" | "awayMode">) {
  return {
    type: "admin" as const,
    id: String(op.id),
    name: op.name,
    email: op.email,
    away_mode_enabled: op.awayMode,
    away_mode_reassign: false,
    has_inbox_seat: true,
    team_ids: [] as number[],
  };
}

/** The workspace as `GET /me` describes it. */
export function appJson(ws: Workspace) {
  return {
    type: "app" as const,
    id_code: ws.idCode,
    name: ws.name,
    created_at: seconds(ws.createdAt),
    secure: ws.identityEnforced,
    identity_verification: ws.identityEnforced,
    timezone: ws.timezone,
    region: "self-hosted",
  };
}

const READ_ONLY = new Set(["id", "created_at", "updated_at", "email_domain", "session_count", "user_count", "last_contacted_at",
  "last_replied_at", "last_email_opened_at", "last_email_clicked_at", "has_hard_bounced", "marked_email_as_spam", "browser",
  "browser_version", "browser_language", "os", "device", "timezone", "last_seen_ip"]);

/** A built-in attribute in the data_attribute shape (no id: Intercom gives standard attributes none). */
export function standardAttributeJson(model: Model, name: string, dataType: DataType) {
  const writable = !READ_ONLY.has(name) && !name.startsWith("location.") && !name.startsWith("utm_") && name !== "referrer";
  return {
    type: "data_attribute", name, full_name: name, label: name, description: "", data_type: dataType,
    api_writable: writable, ui_writable: writable, messenger_writable: false, custom: false, archived: false, model,
  };
}

/** A registered custom attribute; `id` is an integer as in Intercom. */
export function customAttributeJson(a: DataAttribute) {
  return {
    id: a.id, type: "data_attribute", name: a.name, full_name: `custom_attributes.${a.name}`, label: a.label,
    description: a.description ?? "", data_type: a.dataType, ...(a.options ? { options: a.options } : {}),
    api_writable: true, ui_writable: true, messenger_writable: a.messengerWritable, custom: true, archived: a.archived,
    created_at: seconds(a.createdAt), updated_at: seconds(a.updatedAt), model: a.model,
  };
}
