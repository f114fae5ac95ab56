import { Hono, type Context } from "hono";
import { listDataAttributes } from "../../attributes/index.js";
import { countAdminCompanies, listAdminCompanies, listCompanyMembers } from "../../companies/admin-list.js";
import { getCompany, type Company } from "../../companies/index.js";
import type { Ctx } from "../../context.js";
import { decodeKeyset, encodeKeyset } from "../../db/keyset.js";
import { listCompanyTags, listTags } from "../../tags/index.js";
import { CompanyAttributes } from "../../../views/companies/edit.js";
import { CompanyTags } from "../../../views/companies/tags.js";
import { companyEditRoutes, type CompanyFocus } from "./companies-edit.js";
import { CompanyList } from "../../../views/companies/list.js";
import { CompanyProfile } from "../../../views/companies/profile.js";
import type { AdminEnv } from "./env.js";
import { adminErrorHandler } from "./errors.js";
import { adminGuards } from "./guards.js";
import { formAuth, isHtmx, page } from "./render.js";

const PAGE_SIZE = 50;

/** `/companies` (search, sort, keyset pages) and `/companies/:id` (attributes and tags, editable; members). */
export function companiesApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));

  app.get("/", (c) => {
    const ws = c.var.workspace.id;
    const q = (c.req.query("q") ?? "").slice(0, 200);
    const sort = { key: c.req.query("sort") ?? "created_at", dir: c.req.query("dir") === "asc" ? "asc" as const : "desc" as const };
    const after = decodeKeyset(c.req.query("after"));
    const res = listAdminCompanies(ctx, ws, { search: q, sort }, { after, limit: PAGE_SIZE });
    const total = countAdminCompanies(ctx, ws, q);
    const hasCompanies = total > 0 || countAdminCompanies(ctx, ws, undefined) > 0;
    const fragment = (
      <CompanyList q={q} sort={sort} rows={res.rows} total={total} next={res.next ? encodeKeyset(res.next) : undefined} firstPage={!after} hasCompanies={hasCompanies} />
    );
    return page(c, { title: "Companies", active: "companies", fragment });
  });

  /** The profile; after an htmx edit, only the card that changed. */
  const render = (c: Context<AdminEnv>, company: Company, focus: CompanyFocus = {}) => {
    const ws = c.var.workspace.id;
    const members = listCompanyMembers(ctx, company.id, 50);
    const edit = { company, attributes: listDataAttributes(ctx, ws, "company"), auth: formAuth(c), ...focus.attributes };
    const tagCard = {
      companyId: company.id, tags: listCompanyTags(ctx, company.id), allTags: listTags(ctx, ws).map((t) => t.name), auth: formAuth(c), ...focus.tags,
    };
    const title = company.name || company.companyId;
    const status = focus.status ?? 200;
    if (isHtmx(c) && focus.attributes) return page(c, { title, active: "companies", fragment: <CompanyAttributes {...edit} />, status });
    if (isHtmx(c) && (focus.tags || c.req.method === "POST")) return page(c, { title, active: "companies", fragment: <CompanyTags {...tagCard} />, status });
    const fragment = <CompanyProfile company={company} members={members.rows} memberTotal={members.total} edit={edit} tagCard={tagCard} />;
    return page(c, { title, active: "companies", fragment, status });
  };

  app.get("/:id", (c) => render(c, getCompany(ctx, c.var.workspace.id, c.req.param("id"))));
  companyEditRoutes(app, ctx, render);
  return app;
}
