import { and, count, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Ctx } from "../context.js";
import { companies, contactCompanies, contacts } from "../db/schema/index.js";
import { keysetPage, type KeysetCursor, type SortValue } from "../db/keyset.js";
import type { Company } from "./queries.js";

/** Columns the admin companies list sorts by. */
export const COMPANY_SORTS: Record<string, SQLiteColumn> = {
  name: companies.name,
  company_id: companies.companyId,
  plan: companies.plan,
  user_count: companies.userCount,
  session_count: companies.sessionCount,
  monthly_spend: companies.monthlySpend,
  size: companies.size,
  last_request_at: companies.lastRequestAt,
  created_at: companies.createdAt,
};

export interface AdminCompanyQuery {
  search?: string | undefined;
  sort: { key: string; dir: "asc" | "desc" };
}

function where(workspaceId: string, search: string | undefined): SQL {
  const term = search?.trim().slice(0, 200);
  const like = term ? `%${term.replace(/[\\%_]/g, "\\$&")}%` : undefined;
  const match = like
    ? or(sql`${companies.name} LIKE ${like} ESCAPE '\\'`, sql`${companies.companyId} LIKE ${like} ESCAPE '\\'`, eq(companies.id, term!))
    : undefined;
  return and(eq(companies.workspaceId, workspaceId), match)!;
}

/** One page of a workspace's companies by keyset on (sort column, id), with quick search over name and company_id. */
export function listAdminCompanies(ctx: Ctx, workspaceId: string, q: AdminCompanyQuery, page: { after?: KeysetCursor | undefined; limit: number }): { rows: Company[]; next?: KeysetCursor } {
  const col = COMPANY_SORTS[q.sort.key] ?? companies.createdAt;
  const base = where(workspaceId, q.search);
  const res = keysetPage({
    fetch: (w, orderBy, limit) => ctx.db.select({ company: companies, key: sql<SortValue>`${col}` }).from(companies).where(and(base, w)).orderBy(...orderBy).limit(limit).all(),
    sort: col, dir: q.sort.dir, id: companies.id, after: page.after, limit: page.limit,
    keyOf: (r) => ({ v: r.key, id: r.company.id }),
  });
  return { rows: res.rows.map((r) => r.company), ...(res.next ? { next: res.next } : {}) };
}

/** How many companies the list query matches. */
export function countAdminCompanies(ctx: Ctx, workspaceId: string, search: string | undefined): number {
  return ctx.db.select({ n: count() }).from(companies).where(where(workspaceId, search)).get()?.n ?? 0;
}

/** The company's most recently seen members (contacts), for its profile; `total` counts them all. */
export function listCompanyMembers(ctx: Ctx, companyPk: string, limit: number): { rows: (typeof contacts.$inferSelect)[]; total: number } {
  const rows = ctx.db
    .select({ c: contacts })
    .from(contactCompanies)
    .innerJoin(contacts, eq(contacts.id, contactCompanies.contactId))
    .where(eq(contactCompanies.companyId, companyPk))
    .orderBy(desc(contacts.lastSeenAt), desc(contacts.id))
    .limit(limit)
    .all()
    .map((r) => r.c);
  const total = ctx.db.select({ n: count() }).from(contactCompanies).where(eq(contactCompanies.companyId, companyPk)).get()?.n ?? 0;
  return { rows, total };
}
