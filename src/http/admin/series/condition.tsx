import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import { previewDefinitionOffThread, type Definition } from "../../../segments/index.js";
import { checkDefinition, currentVersion, findStep, getSeries, saveDefinition, updateBlock, type SeriesDefinition } from "../../../series/index.js";
import type { AuditAction } from "../../../operators/audit.js";
import { ConditionEditor, conditionUrl, ruleUrl, type ConditionEditorProps } from "../../../../views/series/condition.js";
import { filterCatalog } from "../contacts/filter-fields.js";
import { definitionToRows } from "../contacts/filter-form.js";
import { stringForm } from "../contacts/list.js";
import { readListState } from "../contacts/list-state.js";
import { setFlash } from "../cookies.js";
import type { AdminEnv } from "../env.js";
import { formAuth, isHtmx, page } from "../render.js";

type Audit = (c: Context<AdminEnv>, action: AuditAction, target: string, details?: Record<string, unknown>) => void;

/** A condition of a series the builder edits: where it lives, what it is now, and how a new one is saved. */
interface Target {
  seriesId: string;
  seriesName: string;
  url: string;
  heading: string;
  current: Definition;
  save: (def: Definition) => void;
  audit: Record<string, unknown>;
}

const EMPTY: Definition = { match: "all", conditions: [] };

/** The condition of a split block's branch (`/:id/steps/:stepId/condition/:branch`), or a 404. */
function branchTarget(ctx: Ctx, ws: string, id: string, stepId: string, branch: string): Target {
  const s = getSeries(ctx, ws, id);
  const step = findStep(currentVersion(ctx, s).definition.steps, stepId);
  const index = Number(branch);
  if (!step || step.type !== "split" || step.mode !== "condition" || !Number.isInteger(index) || !step.branches[index]) {
    throw new AppError("NOT_FOUND", `No condition branch ${branch} in block ${stepId}`);
  }
  const b = step.branches[index]!;
  return {
    seriesId: id, seriesName: s.name, url: conditionUrl(id, stepId, index), heading: `Branch “${b.label}” takes contacts who match`,
    current: b.condition as Definition, audit: { edited: stepId, branch: index },
    save: (condition) => void updateBlock(ctx, ws, id, { ...step, branches: step.branches.map((x, i) => (i === index ? { ...x, condition } : x)) }),
  };
}

/**
 * The goal (`which` = "goal") or exit rule N (N = the number of rules adds one) as a condition, or a 404.
 * Saving no conditions removes the rule.
 */
function ruleTarget(ctx: Ctx, ws: string, id: string, which: "goal" | string): Target {
  const s = getSeries(ctx, ws, id);
  const def = currentVersion(ctx, s).definition;
  const put = (next: SeriesDefinition) => saveDefinition(ctx, ws, id, checkDefinition(ctx, ws, next));
  if (which === "goal") {
    return {
      seriesId: id, seriesName: s.name, url: ruleUrl(id, "goal"), heading: "The goal is reached by contacts who match",
      current: def.goal && "condition" in def.goal ? (def.goal.condition as Definition) : EMPTY, audit: { part: "goal" },
      // No conditions: no goal (an empty condition would match everyone at once).
      save: (condition) => void put({ ...structuredClone(def), goal: condition.conditions.length ? ({ condition } as never) : null }),
    };
  }
  const n = Number(which);
  if (!Number.isInteger(n) || n < 0 || n > def.exits.length || n >= 10) throw new AppError("NOT_FOUND", `No exit rule ${which}`);
  const old = def.exits[n];
  return {
    seriesId: id, seriesName: s.name, url: ruleUrl(id, n), heading: "Contacts who match leave the series",
    current: old && "condition" in old ? (old.condition as Definition) : EMPTY, audit: { part: "exits", exit: n },
    save: (condition) => {
      const exits = [...def.exits];
      if (condition.conditions.length) exits[n] = { condition } as never;
      else exits.splice(n, 1);
      put({ ...structuredClone(def), exits });
    },
  };
}

function render(c: Context<AdminEnv>, props: ConditionEditorProps, status: 200 | 422 = 200) {
  const fragment = isHtmx(c) ? <ConditionEditor {...props} /> : (
    <section id="condition-page">
      <p class="breadcrumb"><a href="/series">Series</a> › <a href={`/series/${props.seriesId}`}>{props.seriesName}</a></p>
      <header class="page-header"><div><h1>Condition</h1><p class="lead">Pick who matches; the count updates as you edit.</p></div></header>
      <ConditionEditor {...props} />
    </section>
  );
  return page(c, { title: "Condition", active: "series", fragment, status });
}

/** Builder pages for split branches, the goal and exit rules: `GET` (the builder and its live updates) and `POST` (save). */
export function conditionRoutes(app: Hono<AdminEnv>, ctx: Ctx, audit: Audit): void {
  const routes: [string, (c: Context<AdminEnv>) => Target][] = [
    ["/:id/steps/:stepId/condition/:branch", (c) => branchTarget(ctx, c.var.workspace.id, c.req.param("id")!, c.req.param("stepId")!, c.req.param("branch")!)],
    ["/:id/goal/condition", (c) => ruleTarget(ctx, c.var.workspace.id, c.req.param("id")!, "goal")],
    ["/:id/exits/:n/condition", (c) => ruleTarget(ctx, c.var.workspace.id, c.req.param("id")!, c.req.param("n")!)],
  ];
  for (const [path, targetOf] of routes) {
    app.get(path, (c) => showTarget(c, ctx, targetOf(c)));
    app.post(path, (c) => saveTarget(c, ctx, targetOf(c), audit));
  }
}

async function showTarget(c: Context<AdminEnv>, ctx: Ctx, t: Target) {
  const ws = c.var.workspace.id;
  const catalog = filterCatalog(ctx, ws);
  const base = { seriesId: t.seriesId, seriesName: t.seriesName, url: t.url, heading: t.heading, catalog, auth: formAuth(c) };
  if (!c.req.query("match")) {
    return render(c, { ...base, match: t.current.match, rows: definitionToRows(t.current, catalog), incomplete: [], count: await count(ctx, ws, t.current) });
  }
  const state = readListState(ctx, ws, c, catalog);
  const def = state.error ? undefined : conditionOf(state.definition, state.match);
  return render(c, { ...base, match: state.match, rows: state.rows, incomplete: state.incomplete, error: state.error, count: def && (await count(ctx, ws, def)) });
}

async function saveTarget(c: Context<AdminEnv>, ctx: Ctx, t: Target, audit: Audit): Promise<Response> {
  const ws = c.var.workspace.id;
  const catalog = filterCatalog(ctx, ws);
  const form = stringForm(await c.req.parseBody({ all: true }));
  const state = readListState(ctx, ws, c, catalog, { ...form, match: (Array.isArray(form.match) ? form.match[0] : form.match) || "all" });
  const props: ConditionEditorProps = {
    seriesId: t.seriesId, seriesName: t.seriesName, url: t.url, heading: t.heading, catalog, auth: formAuth(c),
    match: state.match, rows: state.rows, incomplete: state.incomplete, error: state.error,
  };
  try {
    if (state.error) throw new AppError("VALIDATION", state.error.message);
    if (state.incomplete.length > 0) throw new AppError("VALIDATION", `Condition ${state.incomplete[0]! + 1} needs a value before saving (or remove it).`);
    t.save(conditionOf(state.definition, state.match));
    audit(c, "series.updated", t.seriesId, t.audit);
  } catch (err) {
    if (!(err instanceof AppError) || (err.code !== "VALIDATION" && err.code !== "CONFLICT")) throw err;
    return render(c, { ...props, error: state.error ?? { message: err.message } }, 422);
  }
  setFlash(c, "success", "Condition saved.");
  if (isHtmx(c)) {
    c.header("HX-Redirect", `/series/${t.seriesId}`);
    return c.body(null, 200);
  }
  return c.redirect(`/series/${t.seriesId}`, 303);
}

/** The builder's rows as a condition: the conditions built, or an empty "all" (everyone). */
function conditionOf(definition: unknown, match: "all" | "any"): Definition {
  return (definition ?? { match, conditions: [] }) as Definition;
}

/** Contacts matching a definition now (read on the segments worker); undefined when it does not compile (the save names the problem). */
async function count(ctx: Ctx, ws: string, def: Definition): Promise<number | undefined> {
  try {
    return (await previewDefinitionOffThread(ctx, ws, def, { sample: 0 })).count;
  } catch (err) {
    if (err instanceof AppError && err.code === "VALIDATION") return undefined;
    throw err;
  }
}
