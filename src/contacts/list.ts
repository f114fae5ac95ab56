import { and, asc, count, eq, gt, or, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contacts } from "../db/schema/index.js";
import type { Contact } from "./queries.js";

/** Where the next page starts: after this (created_at, id), and which page number that is. */
export interface ContactCursor {
  createdAt: number;
  id: string;
  page: number;
}

export interface ListContactsOpts {
  perPage: number;
  /** Keyset position from the previous page; absent for the first page. */
  after?: ContactCursor | undefined;
  /** Page-number style instead of a cursor (legacy `/users`). Ignored when `after` is set. */
  offset?: number | undefined;
  /** An extra condition, e.g. a compiled search query. */
  where?: SQL | undefined;
  role?: "user" | "lead" | undefined;
}

export interface ContactPage {
  rows: Contact[];
  total: number;
  page: number;
  totalPages: number;
  /** Present when more rows follow. */
  next?: ContactCursor;
}

/**
 * One page of a workspace's unarchived contacts, oldest first (created_at, id), plus the total.
 * Shared by `GET /contacts`, `POST /contacts/search` and legacy `GET /users`. A keyset cursor
 * keeps pages stable while contacts are added.
 */
export function listContacts(ctx: Ctx, workspaceId: string, opts: ListContactsOpts): ContactPage {
  const base = and(
    eq(contacts.workspaceId, workspaceId),
    eq(contacts.archived, false),
    opts.role ? eq(contacts.role, opts.role) : undefined,
    opts.where,
  );
  const after = opts.after;
  const keyset = after
    ? or(gt(contacts.createdAt, after.createdAt), and(eq(contacts.createdAt, after.createdAt), gt(contacts.id, after.id)))
    : undefined;
  const offset = after ? 0 : (opts.offset ?? 0);
  const fetched = ctx.db
    .select()
    .from(contacts)
    .where(and(base, keyset))
    .orderBy(asc(contacts.createdAt), asc(contacts.id))
    .limit(opts.perPage + 1)
    .offset(offset)
    .all();
  const total = ctx.db.select({ n: count() }).from(contacts).where(base).get()?.n ?? 0;
  const rows = fetched.slice(0, opts.perPage);
  const page = after ? after.page : Math.floor(offset / opts.perPage) + 1;
  const last = rows[rows.length - 1];
  const result: ContactPage = { rows, total, page, totalPages: Math.ceil(total / opts.perPage) };
  if (fetched.length > opts.perPage && last) result.next = { createdAt: last.createdAt, id: last.id, page: page + 1 };
  return result;
}
