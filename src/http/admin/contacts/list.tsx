import type { Context, Hono } from "hono";
import { countAdminContacts, hasAnyContact, listAdminContacts, type AdminContactQuery } from "../../../contacts/admin-list.js";
import { chosenColumns, saveChosenColumns } from "../../../contacts/column-prefs.js";
import { contactColumns } from "../../../contacts/columns.js";
import type { Ctx } from "../../../context.js";
import { encodeKeyset } from "../../../db/keyset.js";
import { listTags } from "../../../tags/index.js";
import type { FieldErrors } from "../../../../views/components/form.js";
import { ContactList } from "../../../../views/contacts/list-page.js";
import { listUrl } from "../../../../views/contacts/list-url.js";
import type { AdminEnv } from "../env.js";
import { formAuth, isHtmx, page } from "../render.js";
import { filterCatalog } from "./filter-fields.js";
import { readListState, type ListState } from "./list-state.js";

export const PAGE_SIZE = 50;

/** Extra bits a POST handler passes when it re-renders the list. */
export interface ListExtras {
  form?: Record<string, string | string[]>;
  segmentErrors?: FieldErrors;
  segmentName?: string;
  status?: 200 | 400 | 409 | 422;
}

/** The list query a state describes (the compiled filter must already be known to be valid). */
export function queryOf(state: ListState): AdminContactQuery {
  return { role: state.tab === "leads" ? "lead" : "user", filter: state.where, search: state.q, sort: state.sort };
}

/** Renders `/contacts` for the request's state (query string, or a POSTed form's hidden state fields). */
export function renderList(c: Context<AdminEnv>, ctx: Ctx, extra: ListExtras = {}): Response | Promise<Response> {
  const ws = c.var.workspace.id;
  const catalog = filterCatalog(ctx, ws);
  const state = readListState(ctx, ws, c, catalog, extra.form);
  const allColumns = contactColumns(ctx, ws);
  const columns = chosenColumns(ctx, c.var.operator!.id, ws, allColumns);
  const q = queryOf(state);
  const pageRows = state.error ? { rows: [] } : listAdminContacts(ctx, ws, q, { after: state.after, limit: PAGE_SIZE });
  const total = state.error ? 0 : countAdminContacts(ctx, ws, q);
  const view = { tab: state.tab, q: state.q, sort: state.sort, match: state.match, definition: state.definition };
  // The address bar shows the shareable form (`?f=`), not the builder's raw row fields.
  if (isHtmx(c) && !extra.form) c.header("HX-Push-Url", listUrl(view));
  const fragment = (
    <ContactList
      view={view} columns={columns} allColumns={allColumns} contacts={pageRows.rows} total={total}
      next={"next" in pageRows && pageRows.next ? encodeKeyset(pageRows.next) : undefined} firstPage={!state.after}
      error={state.error} hasContacts={pageRows.rows.length > 0 || hasAnyContact(ctx, ws)} auth={formAuth(c)}
      tagNames={listTags(ctx, ws).map((t) => t.name)} canSaveSegment
      builder={{ rows: state.rows, fields: catalog.fields, tags: catalog.tags, segments: catalog.segments, incomplete: state.incomplete, error: state.error }}
      segmentErrors={extra.segmentErrors} segmentName={extra.segmentName}
    />
  );
  return page(c, { title: "Contacts", active: "contacts", fragment, status: state.error ? 400 : (extra.status ?? 200) });
}

/** `GET /contacts` and `POST /contacts/columns`. */
export function listRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/", (c) => renderList(c, ctx));

  app.post("/columns", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const cols = form.col === undefined ? [] : ([] as unknown[]).concat(form.col).filter((v): v is string => typeof v === "string");
    const ws = c.var.workspace.id;
    saveChosenColumns(ctx, c.var.operator!.id, ws, cols, contactColumns(ctx, ws));
    const state = readListState(ctx, ws, c, filterCatalog(ctx, ws), stringForm(form));
    return c.redirect(listUrl({ tab: state.tab, q: state.q, sort: state.sort, match: state.match, definition: state.definition }), 303);
  });
}

/** A parsed body without files (admin forms never upload). */
export function stringForm(body: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === "string") out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === "string");
  }
  return out;
}
