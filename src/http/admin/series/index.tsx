import { Hono, type Context } from "hono";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import { recordAudit, type AuditAction } from "../../../operators/audit.js";
import { listSegments } from "../../../segments/index.js";
import {
  archiveSeries, checkDefinition, createSeries, currentVersion, findTemplate, getSeries, launchSeries, listSeries, listVersions,
  pauseSeries, renameSeries, saveDefinition, seriesCounts, TEMPLATES,
} from "../../../series/index.js";
import { SeriesEditor, type SeriesEditorProps } from "../../../../views/series/editor.js";
import { BlockCountsView } from "../../../../views/series/flow.js";
import { SeriesList } from "../../../../views/series/list.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { adminGuards } from "../guards.js";
import { formAuth, isHtmx, notice, page, sendHtml } from "../render.js";
import { conditionRoutes } from "./condition.js";
import { dryRunRoutes } from "./dry-run.js";
import { stepRoutes } from "./steps.js";

export type ShowEditor = (c: Context<AdminEnv>, id: string, extra?: Partial<SeriesEditorProps>, status?: 200 | 422) => Response | Promise<Response>;

/** `/series/*`: list and templates, the flow editor with live counts, status changes, settings and the dry-run. */
export function seriesApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));

  const show: ShowEditor = (c, id, extra = {}, status = 200) => {
    const s = getSeries(ctx, c.var.workspace.id, id);
    const props: SeriesEditorProps = { series: s, version: currentVersion(ctx, s), versions: listVersions(ctx, s.id).length, counts: seriesCounts(ctx, s.id), auth: formAuth(c),
      segments: listSegments(ctx, c.var.workspace.id).map((g) => ({ id: g.id, name: g.name })), ...extra };
    return page(c, { title: s.name, active: "series", fragment: <SeriesEditor {...props} />, status });
  };
  const audit = (c: Context<AdminEnv>, action: AuditAction, target: string, details: Record<string, unknown> = {}) =>
    recordAudit(ctx, { operatorId: c.var.operator!.id, workspaceId: c.var.workspace.id, action, target, details });

  app.get("/", (c) => {
    const ws = c.var.workspace.id;
    const rows = listSeries(ctx, ws).map((s) => ({ s, version: currentVersion(ctx, s).number, totals: seriesCounts(ctx, s.id).total }));
    return page(c, { title: "Series", active: "series", fragment: <SeriesList series={rows} templates={TEMPLATES} auth={formAuth(c)} /> });
  });

  app.post("/", async (c) => {
    const body = await c.req.parseBody();
    const key = typeof body.template === "string" ? body.template : "blank";
    const template = findTemplate(key);
    if (!template) throw new AppError("VALIDATION", `template: no template '${key}'`, { field: "template" });
    const name = typeof body.name === "string" && body.name.trim() ? body.name : template.name;
    const s = createSeries(ctx, c.var.workspace.id, { name, definition: template.definition, template: key }, c.var.operator!.id);
    audit(c, "series.created", s.id, { name: s.name, template: key });
    return c.redirect(`/series/${s.id}`, 303);
  });

  app.get("/:id", (c) => show(c, c.req.param("id")));

  app.get("/:id/counts", (c) => {
    const s = getSeries(ctx, c.var.workspace.id, c.req.param("id"));
    const counts = seriesCounts(ctx, s.id);
    const ids = [...new Set([...counts.blocks.keys()])];
    return sendHtml(c, <>{ids.map((id) => <BlockCountsView id={id} counts={counts.blocks.get(id)} oob />)}</>);
  });

  const status = (what: "launch" | "pause" | "archive", verb: typeof launchSeries, action: AuditAction, text: string) =>
    app.post(`/:id/${what}`, (c) => {
      const s = verb(ctx, c.var.workspace.id, c.req.param("id"));
      audit(c, action, s.id, { name: s.name });
      notice(c, "success", text);
      return isHtmx(c) ? show(c, s.id) : c.redirect(`/series/${s.id}`, 303);
    });
  status("launch", launchSeries, "series.launched", "The series is live.");
  status("pause", pauseSeries, "series.paused", "Paused: nobody enters and no step runs until you resume.");
  status("archive", archiveSeries, "series.archived", "Archived.");

  app.post("/:id/settings", async (c) => {
    const ws = c.var.workspace.id;
    const id = c.req.param("id");
    const body = await c.req.parseBody();
    const text = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
    try {
      const def = structuredClone(currentVersion(ctx, getSeries(ctx, ws, id)).definition);
      const parse = (k: string) => {
        try {
          return JSON.parse(text(k)) as unknown;
        } catch {
          throw new AppError("VALIDATION", `${k}: is not valid JSON`, { field: k });
        }
      };
      const next = checkDefinition(ctx, ws, { ...def, entry: text("entry_segment") ? { type: "segment", segmentId: text("entry_segment") } : parse("entry"), goal: parse("goal"), exits: parse("exits"), reentry: text("reentry") });
      if (text("name").trim() && text("name").trim() !== getSeries(ctx, ws, id).name) renameSeries(ctx, ws, id, text("name"));
      saveDefinition(ctx, ws, id, next);
      audit(c, "series.updated", id, { part: "settings" });
      notice(c, "success", "Settings saved.");
      return show(c, id);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
      return show(c, id, { settingsError: err.message }, 422);
    }
  });

  conditionRoutes(app, ctx, audit);
  stepRoutes(app, ctx, show, audit);
  dryRunRoutes(app, ctx);
  return app;
}
