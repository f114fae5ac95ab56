import { and, count, eq, or, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contacts } from "../db/schema/index.js";
import { keysetPage, type KeysetCursor, type SortValue } from "../db/keyset.js";
import { columnExpression } from "./columns.js";
import type { Contact } from "./queries.js";

/** What the admin contacts list shows: one tab (role), an optional compiled filter and quick search, a sort. */
export interface AdminContactQuery {
  role: "user" | "lead";
  /** A compiled filter (see admin-filter.ts). */
  filter?: SQL | undefined;
  /** Quick search over name, email, external id (substring) and our id (exact). */
  search?: string | undefined;
  sort: { key: string; dir: "asc" | "desc" };
}

export const DEFAULT_SORT = { key: "last_seen_at", dir: "desc" } as const;
const MAX_SEARCH = 200;

/** The WHERE of a list query: workspace, unarchived, tab, filter and search. */
export function adminContactWhere(workspaceId: string, q: Omit<AdminContactQuery, "sort">): SQL {
  return and(eq(contacts.workspaceId, workspaceId), eq(contacts.archived, false), eq(contacts.role, q.role), q.filter, searchCondition(q.search))!;
}

function searchCondition(search: string | undefined): SQL | undefined {
  const term = search?.trim().slice(0, MAX_SEARCH);
  if (!term) return undefined;
  const like = `%${term.replace(/[\\%_]/g, "\\$&")}%`;
  // Substring search scans (PERF §1.4: ~11-14 ms at 1M contacts); the exact id match is a primary-key hit.
  return or(
    sql`${contacts.name} LIKE ${like} ESCAPE '\\'`,
    sql`${contacts.email} LIKE ${like} ESCAPE '\\'`,
    sql`${contacts.externalId} LIKE ${like} ESCAPE '\\'`,
    eq(contacts.id, term),
  );
}

/** A sort the list can use: a known column, else the default. */
export function resolveSort(ctx: Ctx, workspaceId: string, sort: { key: string; dir: "asc" | "desc" }): { key: string; dir: "asc" | "desc"; expr: SQL | typeof contacts.id } {
  const expr = columnExpression(ctx, workspaceId, sort.key);
  if (expr) return { ...sort, expr: expr as SQL };
  return { ...DEFAULT_SORT, expr: contacts.lastSeenAt as unknown as SQL };
}

/** One page of the admin contacts list by keyset on (sort value, id): stable while contacts arrive, no OFFSET. */
export function listAdminContacts(
  ctx: Ctx, workspaceId: string, q: AdminContactQuery, page: { after?: KeysetCursor | undefined; limit: number },
): { rows: Contact[]; next?: KeysetCursor } {
  const base = adminContactWhere(workspaceId, q);
  const resolved = resolveSort(ctx, workspaceId, q.sort);
  // A substring search matches few rows anywhere in the table: reading it in index order would fetch rows one by one
  // across the whole table. Unary `+` (a no-op on the value) stops SQLite from using the index, so it scans and sorts.
  const sort = q.search?.trim() ? { ...resolved, expr: sql`+${resolved.expr}` } : resolved;
  const res = keysetPage({
    fetch: (where, orderBy, limit) =>
      ctx.db
        .select({ contact: contacts, key: sql<SortValue>`${sort.expr}` })
        .from(contacts)
        .where(and(base, where))
        .orderBy(...orderBy)
        .limit(limit)
        .all(),
    sort: sort.expr, dir: sort.dir, id: contacts.id, after: page.after, limit: page.limit,
    keyOf: (r) => ({ v: normalizeKey(r.key), id: r.contact.id }),
  });
  return { rows: res.rows.map((r) => r.contact), ...(res.next ? { next: res.next } : {}) };
}

/** Booleans come back as 0/1 and must travel that way for the next page's comparison. */
function normalizeKey(v: unknown): SortValue {
  if (typeof v === "boolean") return v ? 1 : 0;
  return typeof v === "number" || typeof v === "string" ? v : null;
}

/** How many contacts the list query matches (the live count of the filter builder). */
export function countAdminContacts(ctx: Ctx, workspaceId: string, q: Omit<AdminContactQuery, "sort">): number {
  return ctx.db.select({ n: count() }).from(contacts).where(adminContactWhere(workspaceId, q)).get()?.n ?? 0;
}

/**
 * Every matching contact in chunks, in list order, for exports and bulk actions: each chunk is one short keyset
 * query, so a large export never holds the whole result (or a read transaction) at once.
 */
export function* iterateAdminContacts(ctx: Ctx, workspaceId: string, q: AdminContactQuery, chunk = 500): Generator<Contact[]> {
  let after: KeysetCursor | undefined;
  for (;;) {
    const page = listAdminContacts(ctx, workspaceId, q, { after, limit: chunk });
    if (page.rows.length > 0) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

/** True once the workspace has any unarchived contact (the list's empty state differs before that). */
export function hasAnyContact(ctx: Ctx, workspaceId: string): boolean {
  return ctx.db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.archived, false))).limit(1).get() !== undefined;
}
