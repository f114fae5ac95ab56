import type { Context, Hono } from "hono";
import { listDataAttributes, type DataAttribute } from "../../attributes/index.js";
import { getCompany, updateCompany, type Company, type CompanyPatch } from "../../companies/index.js";
import type { Ctx } from "../../context.js";
import { AppError } from "../../lib/errors.js";
import { recordAudit } from "../../operators/audit.js";
import { findOrCreateTag, getTag, tagCompany, untagCompany } from "../../tags/index.js";
import type { FieldErrors } from "../../../views/components/form.js";
import { COMPANY_FIELDS, companyFieldText, type CompanyFieldName } from "../../../views/companies/edit.js";
import { fieldName, formText } from "../../../views/contacts/attributes-form.js";
import { setFlash } from "./cookies.js";
import type { AdminEnv } from "./env.js";
import { formErrorsFrom } from "./forms.js";
import { isHtmx } from "./render.js";

const NUMERIC = /^-?\d+(\.\d+)?$/;
const PATCH_KEY: Record<CompanyFieldName, keyof CompanyPatch> = {
  name: "name", plan: "plan", monthly_spend: "monthlySpend", size: "size", website: "website", industry: "industry",
};

/** Form text to a value the domain checks: empty clears; text that does not fit is passed on to be refused by name. */
function fromText(kind: "text" | "numeric" | "decimal" | DataAttribute["dataType"], text: string): unknown {
  const v = text.trim();
  if (v === "") return null;
  if (kind === "numeric" || kind === "decimal" || kind === "integer" || kind === "float") return NUMERIC.test(v) ? Number(v) : text;
  if (kind === "boolean") return v === "true" ? true : v === "false" ? false : text;
  return kind === "date" ? v : text;
}

/** The changed fields of a submitted company form as a patch (unchanged text is not written back). */
export function companyPatch(co: Company, attrs: DataAttribute[], body: Record<string, unknown>): { patch: CompanyPatch; submitted: Record<string, string>; changed: string[] } {
  const patch: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const submitted: Record<string, string> = {};
  const changed: string[] = [];
  for (const f of COMPANY_FIELDS) {
    const raw = body[f.name];
    if (typeof raw !== "string") continue;
    submitted[f.name] = raw;
    if (raw.trim() === companyFieldText(co, f.name)) continue;
    patch[PATCH_KEY[f.name]] = fromText(f.kind, raw);
    changed.push(f.name);
  }
  for (const a of attrs) {
    const raw = body[fieldName(a)];
    if (typeof raw !== "string") continue;
    submitted[fieldName(a)] = raw;
    if (raw === formText(a, co.customAttributes[a.name])) continue;
    custom[a.name] = fromText(a.dataType, raw);
    changed.push(`custom_attributes.${a.name}`);
  }
  if (Object.keys(custom).length > 0) patch.customAttributes = custom;
  return { patch: patch as CompanyPatch, submitted, changed };
}

/** A refused value as an error on its own input. */
function fieldErrors(err: unknown, attrs: DataAttribute[]): FieldErrors | undefined {
  if (err instanceof AppError && err.code === "VALIDATION" && err.field?.startsWith("custom_attributes.")) {
    const attr = attrs.find((a) => `custom_attributes.${a.name}` === err.field);
    if (attr) return { [fieldName(attr)]: err.message.replace(`${err.field} `, `${attr.label} `) };
  }
  return formErrorsFrom(err);
}

/** What the profile re-render shows after an edit. */
export interface CompanyFocus {
  attributes?: { errors?: FieldErrors; submitted?: Record<string, string>; saved?: boolean };
  tags?: { error?: string | undefined; value?: string };
  status?: 200 | 422;
}
type Render = (c: Context<AdminEnv>, company: Company, focus: CompanyFocus) => Response | Promise<Response>;

/** `POST /companies/:id/attributes`, `/:id/tags`, `/:id/tags/:tagId/remove`, audited; segments hear `company.updated`. */
export function companyEditRoutes(app: Hono<AdminEnv>, ctx: Ctx, render: Render): void {
  const changed = (c: Context<AdminEnv>, co: Company, action: "company.updated" | "company.tagged" | "company.untagged", details: Record<string, unknown>) => {
    recordAudit(ctx, { operatorId: c.var.operator!.id, workspaceId: co.workspaceId, action, target: co.id, details });
    ctx.bus.publish("company.updated", { workspaceId: co.workspaceId, companyId: co.id });
  };
  const back = (c: Context<AdminEnv>, co: Company, text: string, focus: CompanyFocus) => {
    if (isHtmx(c)) return render(c, co, focus);
    setFlash(c, "success", text);
    return c.redirect(`/companies/${co.id}`, 303);
  };

  app.post("/:id/attributes", async (c) => {
    const ws = c.var.workspace.id;
    const co = getCompany(ctx, ws, c.req.param("id"));
    const attrs = listDataAttributes(ctx, ws, "company");
    const { patch, submitted, changed: fields } = companyPatch(co, attrs, await c.req.parseBody());
    try {
      const updated = fields.length > 0 ? updateCompany(ctx, ws, co.id, patch) : co;
      if (fields.length > 0) changed(c, updated, "company.updated", { name: updated.name ?? updated.companyId, fields });
      return back(c, updated, "Attributes saved.", { attributes: { saved: true } });
    } catch (err) {
      const errors = fieldErrors(err, attrs);
      if (!errors) throw err;
      return render(c, co, { attributes: { errors, submitted }, status: 422 });
    }
  });

  app.post("/:id/tags", async (c) => {
    const ws = c.var.workspace.id;
    const co = getCompany(ctx, ws, c.req.param("id"));
    const body = await c.req.parseBody();
    const name = typeof body.name === "string" ? body.name : "";
    try {
      const tag = findOrCreateTag(ctx, ws, name);
      tagCompany(ctx, ws, co.id, tag.id);
      changed(c, co, "company.tagged", { tag: tag.name });
      return back(c, co, `Tagged “${tag.name}”.`, {});
    } catch (err) {
      const errors = formErrorsFrom(err);
      if (!errors) throw err;
      return render(c, co, { tags: { error: Object.values(errors)[0], value: name }, status: 422 });
    }
  });

  app.post("/:id/tags/:tagId/remove", (c) => {
    const ws = c.var.workspace.id;
    const co = getCompany(ctx, ws, c.req.param("id"));
    const tag = getTag(ctx, ws, c.req.param("tagId"));
    untagCompany(ctx, ws, co.id, tag.id);
    changed(c, co, "company.untagged", { tag: tag.name });
    return back(c, co, "Tag removed.", {});
  });
}
