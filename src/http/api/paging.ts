import type { Context } from "hono";
import { z } from "zod";
import { invalid } from "../../lib/errors.js";

/** A page-number request (`?page=&per_page=`), 1-based. */
export interface PageParams {
  page: number;
  perPage: number;
  offset: number;
}

/** Intercom's `pages` object. */
export interface Pages {
  type: "pages";
  page: number;
  per_page: number;
  total_pages: number;
  next?: unknown;
}

const positiveInt = (field: string, value: string | undefined, fallback: number): number => {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalid(field, `${field} must be a positive integer`, "parameter_invalid");
  return n;
};

/** Page-number params from the query string; per_page above the max is clamped, not refused. */
export function pageParams(c: Context, opts: { defaultPerPage?: number; maxPerPage?: number } = {}): PageParams {
  const page = positiveInt("page", c.req.query("page"), 1);
  const perPage = Math.min(positiveInt("per_page", c.req.query("per_page"), opts.defaultPerPage ?? 15), opts.maxPerPage ?? 150);
  return { page, perPage, offset: (page - 1) * perPage };
}

/**
 * The `pages` object for a page-number list. `next` is the absolute URL of the following page (or null):
 * v7 iterators ignore it and request page+1 until a page comes back empty; older clients follow it.
 */
export function pagesFor(p: PageParams, total: number, nextUrl: string | null): Pages {
  const totalPages = Math.ceil(total / p.perPage);
  return { type: "pages", next: p.page < totalPages ? nextUrl : null, page: p.page, per_page: p.perPage, total_pages: totalPages };
}

/** Absolute URL of the same request with `page` advanced by one, built on the public base URL. */
export function nextPageUrl(c: Context, publicUrl: string, p: PageParams): string {
  const query = new URLSearchParams({ ...c.req.query(), page: String(p.page + 1), per_page: String(p.perPage) });
  return `${publicUrl}${c.req.path}?${query.toString()}`;
}

/** Opaque cursor: base64url JSON, as Intercom's are. */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Decodes a cursor made by encodeCursor and checks its shape; a bad one is a 400 naming `field`. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S, field = "starting_after"): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    raw = undefined;
  }
  const res = schema.safeParse(raw);
  if (!res.success) throw invalid(field, `${field} is not a valid cursor`, "parameter_invalid");
  return res.data;
}

/** Cursor params from the query string (`?per_page=&starting_after=`). */
export function cursorParams(c: Context, opts: { defaultPerPage?: number; maxPerPage?: number } = {}): { perPage: number; startingAfter: string | undefined } {
  const perPage = Math.min(positiveInt("per_page", c.req.query("per_page"), opts.defaultPerPage ?? 50), opts.maxPerPage ?? 150);
  const startingAfter = c.req.query("starting_after") || undefined;
  return { perPage, startingAfter };
}
