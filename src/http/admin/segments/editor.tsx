import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import { recordAudit } from "../../../operators/audit.js";
import {
  countMembersOffThread, createSegmentOffThread, deleteSegment, getSegment, previewDefinitionOffThread, updateSegmentOffThread, type Segment,
} from "../../../segments/index.js";
import { PageHeader } from "../../../../views/components/page-header.js";
import { SegmentEditor, type EditorProps } from "../../../../views/segments/editor.js";
import { filterCatalog, type FilterCatalog } from "../contacts/filter-fields.js";
import { stringForm } from "../contacts/list.js";
import { setFlash } from "../cookies.js";
import type { AdminEnv } from "../env.js";
import { formErrorsFrom, formStatus } from "../forms.js";
import { formAuth, isHtmx, notice, page } from "../render.js";
import { stateOfForm, type EditorState } from "./editor-state.js";

const SAMPLE = 8;

/**
 * The editor's props for a state: the live count and sample (a full evaluation, off the main thread for a database
 * file), or the problem that prevents them.
 */
export async function editorProps(ctx: Ctx, workspaceId: string, state: EditorState, catalog: FilterCatalog): Promise<EditorProps> {
  const props: EditorProps = { ...state, catalog };
  if (state.id) props.savedCount = (await countMembersOffThread(ctx, [getSegment(ctx, workspaceId, state.id).id])).get(state.id) ?? 0;
  if (!state.definition || state.error) return props;
  try {
    props.preview = await previewDefinitionOffThread(ctx, workspaceId, state.definition, { sample: SAMPLE, selfId: state.id });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
    props.error = { message: err.message };
  }
  return props;
}

/** A page around the editor alone (new segments, and the builder without scripts). */
function editorPage(c: Context<AdminEnv>, props: EditorProps, status: 200 | 403 | 409 | 422 = 200) {
  props.csrf = formAuth(c).csrf;
  if (isHtmx(c)) return page(c, { title: "Segment", active: "segments", fragment: <SegmentEditor {...props} />, status });
  const fragment = (
    <section id="segment-page">
      <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/segments">Segments</a></nav>
      <PageHeader title={props.id ? "Edit segment" : "New segment"} lead="Pick who belongs; the count and sample update as you edit." />
      <SegmentEditor {...props} />
    </section>
  );
  return page(c, { title: props.id ? "Edit segment" : "New segment", active: "segments", fragment, status });
}

/** `GET /segments/new`, `GET /segments/editor` (the builder's live updates), `POST /segments`, `POST /segments/:id(/delete)`. */
export function editorRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/new", async (c) => {
    const catalog = filterCatalog(ctx, c.var.workspace.id);
    const state: EditorState = { name: "", person: "users", match: "all", rows: [], incomplete: [], definition: { match: "all", conditions: [{ attribute: "role", op: "eq", value: "user" }] } };
    return editorPage(c, await editorProps(ctx, c.var.workspace.id, state, catalog));
  });

  app.get("/editor", async (c) => {
    const ws = c.var.workspace.id;
    const catalog = filterCatalog(ctx, ws);
    return editorPage(c, await editorProps(ctx, ws, stateOfForm(ctx, ws, c, catalog), catalog));
  });

  app.post("/", (c) => save(c, ctx, undefined));
  app.post("/:id{seg_[^/]+}", (c) => save(c, ctx, c.req.param("id")));
  app.post("/:id/delete", (c) => remove(c, ctx, c.req.param("id")));
}

/** Creates or updates from the builder form; answers once the domain has recomputed the members in full (off the main thread). */
async function save(c: Context<AdminEnv>, ctx: Ctx, id: string | undefined): Promise<Response> {
  const ws = c.var.workspace.id;
  if (id) getSegment(ctx, ws, id);
  const catalog = filterCatalog(ctx, ws);
  const form = stringForm(await c.req.parseBody({ all: true }));
  const state = { ...stateOfForm(ctx, ws, c, catalog, form), id };
  try {
    if (state.error || !state.definition) throw new AppError("VALIDATION", state.error?.message ?? "The definition is not complete.");
    if (state.incomplete.length > 0) throw new AppError("VALIDATION", `Condition ${state.incomplete[0]! + 1} needs a value before saving (or remove it).`);
    const body = { name: state.name, ...state.definition };
    const seg: Segment = id ? await updateSegmentOffThread(ctx, ws, id, body) : await createSegmentOffThread(ctx, ws, body);
    recordAudit(ctx, { operatorId: c.var.operator!.id, workspaceId: ws, action: id ? "segment.updated" : "segment.created", target: seg.id, details: { name: seg.name } });
    const n = (await countMembersOffThread(ctx, [seg.id])).get(seg.id) ?? 0;
    return done(c, `/segments/${seg.id}`, `Saved “${seg.name}”: ${n.toLocaleString("en-US")} ${n === 1 ? "member" : "members"}.`);
  } catch (err) {
    const errors = formErrorsFrom(err);
    if (!errors) throw err;
    const [field, message] = Object.entries(errors)[0]!;
    const props = await editorProps(ctx, ws, state, catalog);
    props.saveError = { field, message: message ?? "Check the segment." };
    return editorPage(c, props, formStatus(err));
  }
}

async function remove(c: Context<AdminEnv>, ctx: Ctx, id: string): Promise<Response> {
  const ws = c.var.workspace.id;
  try {
    const seg = deleteSegment(ctx, ws, id);
    recordAudit(ctx, { operatorId: c.var.operator!.id, workspaceId: ws, action: "segment.deleted", target: seg.id, details: { name: seg.name } });
    return done(c, "/segments", `Deleted the segment “${seg.name}”.`);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "CONFLICT") throw err;
    if (isHtmx(c)) {
      notice(c, "error", err.message);
      c.header("HX-Reswap", "none");
      return page(c, { title: "Segment", active: "segments", fragment: <></>, status: 409 });
    }
    setFlash(c, "error", err.message);
    return c.redirect(`/segments/${id}`, 303);
  }
}

/** After a change: htmx follows HX-Redirect, a plain form gets a 303 (a reload never re-posts). */
function done(c: Context<AdminEnv>, to: string, text: string): Response {
  setFlash(c, "success", text);
  if (isHtmx(c)) {
    c.header("HX-Redirect", to);
    return c.body(null, 200);
  }
  return c.redirect(to, 303);
}
