import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { dataAttributes } from "../db/schema/index.js";
import { invalid, notFound } from "../lib/errors.js";
import { findDataAttribute, insertDataAttribute, type DataAttribute } from "./registry.js";
import { checkAttributeName, type DataType, type Model } from "./types.js";

/** Built-in contact attributes: typed, not stored in the registry. */
export const STANDARD_CONTACT_ATTRIBUTES: Record<string, DataType> = {
  id: "string", external_id: "string", role: "string", email: "string", email_domain: "string", phone: "string", name: "string",
  avatar: "string", owner_id: "integer", signed_up_at: "date", last_seen_at: "date", created_at: "date", updated_at: "date",
  last_contacted_at: "date", last_replied_at: "date", last_email_opened_at: "date", last_email_clicked_at: "date",
  session_count: "integer", unsubscribed_from_emails: "boolean", has_hard_bounced: "boolean", marked_email_as_spam: "boolean",
  browser: "string", browser_version: "string", browser_language: "string", os: "string", device: "string", language_override: "string",
  "location.city": "string", "location.region": "string", "location.country": "string", "location.country_code": "string",
  "location.continent_code": "string", timezone: "string", last_seen_ip: "string",
  utm_source: "string", utm_medium: "string", utm_campaign: "string", utm_term: "string", utm_content: "string", referrer: "string",
};

/** Built-in company attributes. */
export const STANDARD_COMPANY_ATTRIBUTES: Record<string, DataType> = {
  id: "string", company_id: "string", name: "string", plan: "string", monthly_spend: "float", size: "integer", website: "string",
  industry: "string", remote_created_at: "date", created_at: "date", updated_at: "date", user_count: "integer", session_count: "integer",
};

export const createAttributeInput = z.object({
  name: z.string().min(1).max(190),
  model: z.enum(["contact", "company"]),
  data_type: z.enum(["string", "integer", "float", "boolean", "date", "datetime", "options"]),
  description: z.string().max(1000).optional(),
  options: z.array(z.object({ value: z.string().min(1) })).min(2).optional(),
  messenger_writable: z.boolean().optional(),
});

export const updateAttributeInput = z.object({
  archived: z.boolean().optional(),
  description: z.string().max(1000).optional(),
  options: z.array(z.object({ value: z.string().min(1) })).min(2).optional(),
  messenger_writable: z.boolean().optional(),
});

/** Declares a custom attribute (Intercom `POST /data_attributes`, or the admin's Data page with `createdBy: "admin"`). */
export function createDataAttribute(ctx: Ctx, workspaceId: string, input: z.infer<typeof createAttributeInput>, createdBy: "api" | "admin" = "api"): DataAttribute {
  const bad = checkAttributeName(input.name, "name");
  if (bad) throw invalid("name", bad, "parameter_invalid");
  const standard = input.model === "contact" ? STANDARD_CONTACT_ATTRIBUTES : STANDARD_COMPANY_ATTRIBUTES;
  if (input.name in standard || findDataAttribute(ctx, workspaceId, input.model, input.name)) {
    const where = input.model === "contact" ? "people" : "company";
    throw invalid("name", `You already have '${input.name}' in your ${where} data. To save this as new people data, use a different name.`, "parameter_invalid");
  }
  if (input.data_type === "options" && !input.options) throw invalid("options", "options needs at least two values", "parameter_invalid");
  const dataType: DataType = input.data_type === "datetime" ? "date" : input.data_type;
  return insertDataAttribute(ctx, workspaceId, {
    model: input.model, name: input.name, dataType, createdBy, description: input.description ?? null,
    options: input.options?.map((o) => o.value) ?? null, messengerWritable: input.messenger_writable ?? false,
  });
}

/** Archives/describes a custom attribute by its integer id. */
export function updateDataAttribute(ctx: Ctx, workspaceId: string, id: number, input: z.infer<typeof updateAttributeInput>): DataAttribute {
  const row = ctx.db.select().from(dataAttributes).where(and(eq(dataAttributes.id, id), eq(dataAttributes.workspaceId, workspaceId))).get();
  if (!row) throw notFound(`Data attribute ${id} not found`, "field_not_found");
  const set: Partial<DataAttribute> = { updatedAt: ctx.clock.now() };
  if (input.archived !== undefined) set.archived = input.archived;
  if (input.description !== undefined) set.description = input.description;
  if (input.options) set.options = input.options.map((o) => o.value);
  if (input.messenger_writable !== undefined) set.messengerWritable = input.messenger_writable;
  return ctx.db.update(dataAttributes).set(set).where(eq(dataAttributes.id, id)).returning().get();
}

/** Custom attributes of a model, oldest first. */
export function listDataAttributes(ctx: Ctx, workspaceId: string, model: Model, includeArchived = false): DataAttribute[] {
  const rows = ctx.db
    .select()
    .from(dataAttributes)
    .where(and(eq(dataAttributes.workspaceId, workspaceId), eq(dataAttributes.model, model)))
    .orderBy(asc(dataAttributes.id))
    .all();
  return includeArchived ? rows : rows.filter((r) => !r.archived);
}
