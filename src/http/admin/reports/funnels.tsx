import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import {
  createFunnel, deleteFunnel, evaluateFunnelOffThread, getFunnel, listFunnelContacts, listFunnels, saveFunnelSegment, stepLabel, updateFunnel,
  type FunnelDefinition, type SavedFunnel,
} from "../../../analytics/index.js";
import { AppError } from "../../../lib/errors.js";
import { FunnelBuilder, SaveFunnelForm } from "../../../../views/funnels/builder.js";
import { FunnelContacts } from "../../../../views/funnels/contacts.js";
import { FunnelsPage } from "../../../../views/funnels/page.js";
import { FunnelResultTable } from "../../../../views/funnels/result.js";
import { listQuery } from "../../../../views/contacts/list-url.js";
import { setFlash } from "../cookies.js";
import type { AdminEnv } from "../env.js";
import { formAuth, page } from "../render.js";
import { decodeDef, definitionOf, draftOf, encodeDef, isUsed, readDraft, type FunnelDraft } from "./funnel-query.js";
import { readRange, type DateRange } from "./range.js";

type C = Context<AdminEnv>;
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Query string that reopens a funnel with this definition and range. */
function funnelHref(def: FunnelDefinition, range: DateRange, saved?: string): string {
  const q = new URLSearchParams({ def: encodeDef(def), from: range.fromDay, to: range.toDay, ...(saved ? { saved } : {}) });
  return `/reports/funnels?${q}`;
}

/** `/reports/funnels…`: build, run, save and share funnels; list a step's contacts; save them as a segment. */
export function funnelRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  const savedOf = (c: C) => (c.req.query("saved") ? getFunnel(ctx, c.var.workspace.id, c.req.query("saved")!) : undefined);
  const hasSteps = (c: C) => Object.keys(c.req.query()).some((k) => /^value\d$/.test(k));

  app.get("/funnels", (c) => showFunnel(c, ctx, hasSteps(c) ? readDraft(c.req.query()) : undefined, savedOf(c)));
  app.get("/funnels/contacts", (c) => showContacts(c, ctx, c.req.query()));
  app.post("/funnels/segment", (c) => saveSegment(c, ctx));
  app.get("/funnels/:id", (c) => showFunnel(c, ctx, undefined, getFunnel(ctx, c.var.workspace.id, c.req.param("id"))));
  app.post("/funnels", (c) => saveFunnel(c, ctx, undefined));
  app.post("/funnels/:id", (c) => saveFunnel(c, ctx, c.req.param("id")));
  app.post("/funnels/:id/delete", (c) => {
    const f = deleteFunnel(ctx, c.var.workspace.id, c.req.param("id"));
    setFlash(c, "success", `Deleted “${f.name}”.`);
    return c.redirect("/reports/funnels", 303);
  });
}

/** The definition in `def=`, or undefined when the link is broken (the builder then starts empty). */
function linkedDef(q: Record<string, string>): FunnelDefinition | undefined {
  if (!q.def) return undefined;
  try {
    return decodeDef(q.def);
  } catch {
    return undefined;
  }
}

/** Builder (from the typed draft, a `def=` link or the saved funnel) and, when it parses, the result. */
async function showFunnel(c: C, ctx: Ctx, draft: FunnelDraft | undefined, saved: SavedFunnel | undefined, saveError?: string) {
  const ws = c.var.workspace.id;
  const q = c.req.query();
  const range = readRange(q, ctx.clock.now());
  const linked = linkedDef(q);
  const d = draft ?? (linked ? draftOf(linked) : saved ? draftOf(saved.definition) : undefined);
  const parsed = d && d.steps.some(isUsed) ? definitionOf(d) : undefined;
  const def = parsed && "def" in parsed ? parsed.def : undefined;
  const savedRef = saved ? { id: saved.id, name: saved.name } : undefined;
  const href = (step: number, which: string) =>
    `/reports/funnels/contacts?${new URLSearchParams({ def: encodeDef(def!), from: range.fromDay, to: range.toDay, step: String(step), which, ...(saved ? { saved: saved.id } : {}) })}`;
  // Seconds over millions of events: evaluated on a worker thread so other requests keep flowing.
  const result = def ? await evaluateFunnelOffThread(ctx, ws, def, range, ctx.clock.now()) : undefined;
  const fragment = (
    <FunnelsPage saved={listFunnels(ctx, ws)} current={saved?.id} auth={formAuth(c)}>
      <FunnelBuilder draft={d ?? readDraft({})} fromDay={range.fromDay} toDay={range.toDay} saved={savedRef} error={parsed && "error" in parsed ? parsed.error : undefined} />
      {result && <FunnelResultTable result={result} contactsHref={href} />}
      {def && <SaveFunnelForm def={encodeDef(def)} saved={savedRef} auth={formAuth(c)} error={saveError} />}
    </FunnelsPage>
  );
  return page(c, { title: saved ? saved.name : "Funnels", active: "reports", fragment, status: saveError ? 422 : 200 });
}

/** Saves a new funnel (id undefined) or changes a saved one; a refused name re-renders the funnel with the error. */
async function saveFunnel(c: C, ctx: Ctx, id: string | undefined) {
  const body = await c.req.parseBody();
  const ws = c.var.workspace.id;
  const saved = id ? getFunnel(ctx, ws, id) : undefined;
  const def = decodeDef(str(body.def));
  const name = str(body.name) ?? "";
  try {
    const f = id ? updateFunnel(ctx, ws, id, name, def, c.var.operator!.id) : createFunnel(ctx, ws, name, def, c.var.operator!.id);
    setFlash(c, "success", id ? `Saved “${f.name}”.` : `Saved “${f.name}” for everyone in this workspace.`);
    return c.redirect(`/reports/funnels/${f.id}`, 303);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
    return showFunnel(c, ctx, draftOf(def), saved, err.message);
  }
}

/** What a contacts list or a segment save is about: funnel, range and the picked step. */
function readPick(ctx: Ctx, q: Record<string, string | undefined>) {
  const def = decodeDef(q.def);
  const range = readRange(q, ctx.clock.now());
  const pick = { step: Number(q.step), which: q.which === "dropped" ? ("dropped" as const) : ("reached" as const) };
  const step = def.steps[pick.step - 1];
  const title = !step ? "Contacts" : pick.which === "dropped" ? `Dropped off before step ${pick.step}: ${stepLabel(step)}` : `Reached step ${pick.step}: ${stepLabel(step)}`;
  const fields = { def: q.def ?? "", from: range.fromDay, to: range.toDay, step: String(pick.step), which: pick.which, ...(q.saved ? { saved: q.saved } : {}) };
  return { def, range, pick, title, fields };
}

function showContacts(c: C, ctx: Ctx, q: Record<string, string | undefined>, error?: string, name?: string) {
  const p = readPick(ctx, q);
  const ws = c.var.workspace.id;
  const list = listFunnelContacts(ctx, ws, p.def, p.range, p.pick);
  const back = q.saved ? `/reports/funnels/${encodeURIComponent(q.saved)}?from=${p.range.fromDay}&to=${p.range.toDay}` : funnelHref(p.def, p.range);
  const fragment = (
    <FunnelContacts title={p.title} total={list.total} contacts={list.contacts} pick={p.fields} backHref={back}
      suggestedName={name ?? `${p.pick.which === "dropped" ? "Dropped before" : "Reached"} step ${p.pick.step} (${p.range.fromDay} – ${p.range.toDay})`}
      auth={formAuth(c)} error={error} />
  );
  return page(c, { title: p.title, active: "reports", fragment, status: error ? 422 : 200 });
}

async function saveSegment(c: C, ctx: Ctx) {
  const body = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, str(v)]));
  const p = readPick(ctx, body);
  try {
    const seg = await saveFunnelSegment(ctx, c.var.workspace.id, p.def, p.range, p.pick, body.name ?? "", c.var.operator!.id);
    setFlash(c, "success", `Saved the segment “${seg.name}”.`);
    if (body.then === "message") return c.redirect(`/messages/new?segment=${encodeURIComponent(seg.id)}`, 303);
    const list = listQuery({ tab: "users", q: "", sort: { key: "last_seen_at", dir: "desc" }, match: "all", definition: { match: "all", conditions: [{ segment: seg.id, op: "in" }] } });
    return c.redirect(`/contacts${list}`, 303);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
    return showContacts(c, ctx, body, err.message, body.name);
  }
}
