import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { companies, companyTags, contactCompanies } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";

export type Company = typeof companies.$inferSelect;

/** A slice of a list: `offset`/`limit` rows, oldest first unless `order` is desc. */
export interface Slice {
  offset: number;
  limit: number;
  order?: "asc" | "desc" | undefined;
}

/** Optional list filters. */
export interface CompanyFilter {
  /** Only companies carrying this tag. */
  tagId?: string | undefined;
}

/** Company by our id within a workspace, or undefined. */
export function findCompany(ctx: Ctx, workspaceId: string, id: string): Company | undefined {
  return ctx.db.select().from(companies).where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id))).get();
}

/** Company by our id; throws NOT_FOUND with Intercom's `company_not_found`. */
export function getCompany(ctx: Ctx, workspaceId: string, id: string): Company {
  const row = findCompany(ctx, workspaceId, id);
  if (!row) throw notFound("Company Not Found", "company_not_found");
  return row;
}

/** Company by the product's own `company_id`, or undefined. */
export function findCompanyByCompanyId(ctx: Ctx, workspaceId: string, companyId: string): Company | undefined {
  return ctx.db.select().from(companies).where(and(eq(companies.workspaceId, workspaceId), eq(companies.companyId, companyId))).get();
}

/** The oldest company with exactly this name, or undefined. */
export function findCompanyByName(ctx: Ctx, workspaceId: string, name: string): Company | undefined {
  return ctx.db
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.name, name)))
    .orderBy(asc(companies.createdAt))
    .get();
}

/** One page of a workspace's companies by creation time, plus the total. */
export function listCompanies(ctx: Ctx, workspaceId: string, slice: Slice, filter: CompanyFilter = {}): { rows: Company[]; total: number } {
  const dir = slice.order === "desc" ? desc : asc;
  const where = filter.tagId
    ? and(eq(companies.workspaceId, workspaceId), sql`EXISTS (SELECT 1 FROM ${companyTags} WHERE ${companyTags.companyId} = ${companies.id} AND ${companyTags.tagId} = ${filter.tagId})`)
    : eq(companies.workspaceId, workspaceId);
  const rows = ctx.db
    .select()
    .from(companies)
    .where(where)
    .orderBy(dir(companies.createdAt), dir(companies.id))
    .limit(slice.limit)
    .offset(slice.offset)
    .all();
  const total = ctx.db.select({ n: count() }).from(companies).where(where).get()?.n ?? 0;
  return { rows, total };
}

/** Companies a contact belongs to, in attach order; all of them unless a slice is given. */
export function listContactCompanies(ctx: Ctx, contactId: string, slice?: Slice): Company[] {
  const q = ctx.db
    .select({ company: companies })
    .from(contactCompanies)
    .innerJoin(companies, eq(companies.id, contactCompanies.companyId))
    .where(eq(contactCompanies.contactId, contactId))
    .orderBy(asc(contactCompanies.createdAt), asc(companies.id));
  const rows = slice ? q.limit(slice.limit).offset(slice.offset).all() : q.all();
  return rows.map((r) => r.company);
}

/** How many companies a contact belongs to. */
export function countContactCompanies(ctx: Ctx, contactId: string): number {
  return ctx.db.select({ n: count() }).from(contactCompanies).where(eq(contactCompanies.contactId, contactId)).get()?.n ?? 0;
}
