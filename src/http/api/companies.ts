import { Hono, type Context } from "hono";
import { z } from "zod";
import {
  attachCompany, countContactCompanies, detachCompany, findCompanyByCompanyId, findCompanyByName, getCompany, listCompanies,
  listContactCompanies, updateCompany, upsertCompany, type Company, type CompanyPatch,
} from "../../companies/index.js";
import { type Ctx, withTx } from "../../context.js";
import { getContact } from "../../contacts/index.js";
import { invalid, notFound } from "../../lib/errors.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { nextPageUrl, pageParams, pagesFor, parseWith, readJson, type PageParams } from "./body.js";
import { idString, unixTime } from "./schemas.js";
import { companyView } from "./serialize.js";

const text = z.string().max(255).nullable().optional();
const companyFields = z.object({
  name: text,
  plan: text,
  monthly_spend: z.number().nullable().optional(),
  size: z.number().int().nullable().optional(),
  website: text,
  industry: text,
  remote_created_at: unixTime.nullable().optional(),
  custom_attributes: z.record(z.string(), z.unknown()).optional(),
});
const upsertBody = companyFields.extend({ company_id: idString });
const attachBody = z.object({ id: idString.optional() });
const listQuery = z.object({ order: z.enum(["asc", "desc"]).optional(), tag_id: z.string().optional(), segment_id: z.string().optional() });

function toPatch(b: z.output<typeof companyFields>): CompanyPatch {
  return {
    name: b.name, plan: b.plan, monthlySpend: b.monthly_spend, size: b.size, website: b.website, industry: b.industry,
    remoteCreatedAt: b.remote_created_at, customAttributes: b.custom_attributes,
  };
}

/** Companies (`/companies…`) and a contact's companies (`/contacts/{id}/companies…`). */
export function companiesApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  companyRoutes(app, ctx);
  contactCompanyRoutes(app, ctx);
  return app;
}

const view = (ctx: Ctx, c: Context<ApiEnv>) => companyView(ctx, c.var.workspace);

/** Answers with the company and tells listeners it changed (after the verb's transaction committed). */
function published(ctx: Ctx, c: Context<ApiEnv>, co: Company): Response {
  ctx.bus.publish("company.updated", { workspaceId: c.var.workspace.id, companyId: co.id });
  return c.json(view(ctx, c)(co));
}

function companyRoutes(app: Hono<ApiEnv>, ctx: Ctx): void {
  app.post("/companies", async (c) => {
    const body = await readJson(c, upsertBody);
    return published(ctx, c, upsertCompany(ctx, c.var.workspace.id, { companyId: body.company_id, ...toPatch(body) }));
  });

  app.get("/companies", (c) => {
    const companyId = c.req.query("company_id");
    const name = c.req.query("name");
    if (companyId === undefined && name === undefined) return listResponse(c, ctx);
    const ws = c.var.workspace.id;
    const co = companyId !== undefined ? findCompanyByCompanyId(ctx, ws, companyId) : findCompanyByName(ctx, ws, name ?? "");
    if (!co) throw notFound("Company Not Found", "company_not_found");
    return c.json(view(ctx, c)(co));
  });

  app.post("/companies/list", (c) => listResponse(c, ctx));

  app.get("/companies/:id", (c) => c.json(view(ctx, c)(getCompany(ctx, c.var.workspace.id, c.req.param("id")))));

  app.put("/companies/:id", async (c) => {
    const body = await readJson(c, companyFields);
    return published(ctx, c, updateCompany(ctx, c.var.workspace.id, c.req.param("id"), toPatch(body)));
  });
}

function contactCompanyRoutes(app: Hono<ApiEnv>, ctx: Ctx): void {
  app.post("/contacts/:id/companies", async (c) => {
    const body = await readJson(c, attachBody);
    if (!body.id) throw invalid("id", "company not specified: send the company's `id` (not its company_id)", "parameter_not_found");
    const companyPk = body.id;
    const co = withTx(ctx, () => {
      const contact = getContact(ctx, c.var.workspace.id, c.req.param("id"));
      return attachCompany(ctx, contact.id, getCompany(ctx, c.var.workspace.id, companyPk).id);
    });
    return published(ctx, c, co);
  });

  app.delete("/contacts/:id/companies/:companyId", (c) => {
    const co = withTx(ctx, () => {
      const contact = getContact(ctx, c.var.workspace.id, c.req.param("id"));
      return detachCompany(ctx, contact.id, getCompany(ctx, c.var.workspace.id, c.req.param("companyId")).id);
    });
    return published(ctx, c, co);
  });

  // intercom-client 7 reads `companies` and asks for page+1 until it is empty; Intercom's own example uses `data`.
  app.get("/contacts/:id/companies", (c) => {
    const contact = getContact(ctx, c.var.workspace.id, c.req.param("id"));
    const p = pageParams(c, { defaultPerPage: 15, maxPerPage: 150 });
    const total = countContactCompanies(ctx, contact.id);
    const data = listContactCompanies(ctx, contact.id, { offset: p.offset, limit: p.perPage }).map(view(ctx, c));
    return c.json({ type: "list", data, companies: data, total_count: total, pages: pages(c, ctx, p, total) });
  });
}

/** Page-number list of a workspace's companies (`GET /companies`, `POST /companies/list`). */
function listResponse(c: Context<ApiEnv>, ctx: Ctx): Response {
  const q = parseWith(listQuery, c.req.query(), "query");
  if (q.segment_id) throw notFound("Segment Not Found");
  const p = pageParams(c, { defaultPerPage: 15, maxPerPage: 60 });
  const { rows, total } = listCompanies(ctx, c.var.workspace.id, { offset: p.offset, limit: p.perPage, order: q.order }, { tagId: q.tag_id });
  const data = rows.map(view(ctx, c));
  return c.json({ type: "list", data, pages: pages(c, ctx, p, total), total_count: total });
}

function pages(c: Context<ApiEnv>, ctx: Ctx, p: PageParams, total: number) {
  return pagesFor(p, total, nextPageUrl(c, ctx.config.PUBLIC_URL, p));
}
