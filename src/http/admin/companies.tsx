import { Hono } from "hono";
import { listDataAttributes } from "../../attributes/index.js";
import { countAdminCompanies, listAdminCompanies, listCompanyMembers } from "../../companies/admin-list.js";
import { getCompany } from "../../companies/index.js";
import type { Ctx } from "../../context.js";
import { decodeKeyset, encodeKeyset } from "../../db/keyset.js";
import { listCompanyTags } from "../../tags/index.js";
import { CompanyList } from "../../../views/companies/list.js";
import { CompanyProfile } from "../../../views/companies/profile.js";
import type { AdminEnv } from "./env.js";
import { adminErrorHandler } from "./errors.js";
import { adminGuards } from "./guards.js";
import { page } from "./render.js";

const PAGE_SIZE = 50;
const TYPES = { string: "string", options: "string", integer: "number", float: "number", boolean: "boolean", date: "date" } as const;

/** `/companies` (search, sort, keyset pages) and `/companies/:id` (attributes, tags, members). */
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

  app.get("/:id", (c) => {
    const ws = c.var.workspace.id;
    const company = getCompany(ctx, ws, c.req.param("id"));
    const members = listCompanyMembers(ctx, company.id, 50);
    const types = Object.fromEntries(listDataAttributes(ctx, ws, "company", true).map((a) => [a.name, TYPES[a.dataType]]));
    const fragment = (
      <CompanyProfile company={company} members={members.rows} memberTotal={members.total} tags={listCompanyTags(ctx, company.id)} types={types} />
    );
    return page(c, { title: company.name || company.companyId, active: "companies", fragment });
  });
  return app;
}
