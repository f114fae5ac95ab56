import type { Context, Hono } from "hono";
import { bulkTag } from "../../../contacts/bulk-tags.js";
import { contactsCsv } from "../../../contacts/export.js";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import { countMembers, createSegmentOffThread } from "../../../segments/index.js";
import type { AdminEnv } from "../env.js";
import { formErrorsFrom } from "../forms.js";
import { isHtmx, notice } from "../render.js";
import { setFlash } from "../cookies.js";
import { recordAudit } from "../../../operators/audit.js";
import { filterCatalog } from "./filter-fields.js";
import { queryOf, renderList, stringForm } from "./list.js";
import { readListState, type ListState } from "./list-state.js";

/** Reads a POSTed list form: its fields, and the list state its hidden fields describe. */
async function postedState(c: Context<AdminEnv>, ctx: Ctx): Promise<{ form: Record<string, string | string[]>; state: ListState }> {
  const form = stringForm(await c.req.parseBody({ all: true }));
  const ws = c.var.workspace.id;
  const state = readListState(ctx, ws, c, filterCatalog(ctx, ws), form);
  return { form, state };
}

const text = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

/** Bulk tag/untag, "save as segment" and the streamed CSV export of the current list. */
export function bulkRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.post("/bulk-tag", (c) => bulkTagAction(c, ctx));
  app.post("/segments", (c) => saveSegmentAction(c, ctx));
  app.get("/export.csv", (c) => exportCsv(c, ctx));
}

/** `POST /contacts/bulk-tag`: tag or untag the ticked contacts, or all the list matches. */
async function bulkTagAction(c: Context<AdminEnv>, ctx: Ctx): Promise<Response> {
  const { form, state } = await postedState(c, ctx);
  const ws = c.var.workspace.id;
  const action = text(form.action) === "untag" ? "untag" : "tag";
  const ids = ([] as string[]).concat(form.ids ?? []);
  try {
    if (state.error) throw new AppError("VALIDATION", state.error.message);
    if (text(form.scope) !== "all" && ids.length === 0) throw new AppError("VALIDATION", "Tick at least one contact, or choose “All matching”.");
    const target = text(form.scope) === "all" ? { query: queryOf(state) } : { ids };
    const res = bulkTag(ctx, ws, target, text(form.tag), action, c.var.operator!.id);
    const noun = res.changed === 1 ? "contact" : "contacts";
    notice(c, "success", action === "tag" ? `Tagged ${res.changed} ${noun} “${res.tag.name}”.` : `Removed “${res.tag.name}” from ${res.changed} ${noun}.`);
    return renderList(c, ctx, { form });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
    notice(c, "error", err.message);
    return renderList(c, ctx, { form, status: 422 });
  }
}

/** `POST /contacts/segments`: "save as segment" with the list's tab and filter. */
async function saveSegmentAction(c: Context<AdminEnv>, ctx: Ctx): Promise<Response> {
  const { form, state } = await postedState(c, ctx);
  const ws = c.var.workspace.id;
  const name = text(form.name);
  try {
    const seg = await createSegmentOffThread(ctx, ws, segmentBody(name, state));
    recordAudit(ctx, { operatorId: c.var.operator!.id, workspaceId: ws, action: "segment.created", target: seg.id, details: { name: seg.name, from: "contacts" } });
    // Land on the new segment's page: its builder, members and history.
    setFlash(c, "success", `Segment “${seg.name}” saved with ${countMembers(ctx, seg.id).toLocaleString("en-US")} members.`);
    if (!isHtmx(c)) return c.redirect(`/segments/${seg.id}`, 303);
    c.header("HX-Redirect", `/segments/${seg.id}`);
    return c.body(null, 200);
  } catch (err) {
    const errors = formErrorsFrom(err);
    if (!errors) throw err;
    const field = Object.keys(errors)[0];
    const segmentErrors = field === "name" ? errors : { _form: Object.values(errors)[0] };
    return renderList(c, ctx, { form, segmentErrors, segmentName: name, status: 422 });
  }
}

/** `GET /contacts/export.csv`: the list's contacts as CSV, streamed chunk by chunk. */
function exportCsv(c: Context<AdminEnv>, ctx: Ctx): Response {
  const ws = c.var.workspace.id;
  const state = readListState(ctx, ws, c, filterCatalog(ctx, ws));
  if (state.error) throw new AppError("VALIDATION", state.error.message);
  const chunks = contactsCsv(ctx, ws, queryOf(state));
  const encoder = new TextEncoder();
  // Pulled one chunk (500 contacts) at a time: a slow download holds one chunk, never the whole file.
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(encoder.encode("\uFEFF")),
    pull: (controller) => {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel: () => void chunks.return(undefined),
  });
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="parley-${state.tab}-${day}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/**
 * The segment for "save as segment": the tab's role, then the filter's conditions (wrapped in a group when the
 * filter matches any), so the segment holds exactly the contacts on screen (the quick search is not part of it).
 */
function segmentBody(name: string, state: ListState): Record<string, unknown> {
  const role = { attribute: "role", op: "eq", value: state.tab === "leads" ? "lead" : "user" };
  const def = state.definition as { match: "all" | "any"; conditions: unknown[] } | undefined;
  if (state.error) throw new AppError("VALIDATION", state.error.message);
  if (!def) return { name, match: "all", conditions: [role] };
  if (def.match === "all") return { name, match: "all", conditions: [role, ...def.conditions] };
  return { name, match: "all", conditions: [role, { match: "any", conditions: def.conditions }] };
}
