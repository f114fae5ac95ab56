import { Hono, type Context } from "hono";
import { listDataAttributes, updateDataAttribute } from "../../attributes/index.js";
import { countAttributeUsage } from "../../attributes/usage.js";
import type { Ctx } from "../../context.js";
import { listEventCatalog } from "../../events/catalog.js";
import { notFound } from "../../lib/errors.js";
import { AttributeTable, DataPage } from "../../../views/data/data-page.js";
import type { AdminEnv } from "./env.js";
import { adminErrorHandler } from "./errors.js";
import { adminGuards } from "./guards.js";
import { formAuth, isHtmx, page } from "./render.js";

const TITLES = { contact: "People data", company: "Company data" } as const;

/** `/data`: attribute registry with holder counts and archive, and the event catalogue. */
export function dataApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));

  /** One attribute table, counted (what the page's lazy load and the archive buttons swap in). */
  const table = (c: Context<AdminEnv>, model: "contact" | "company") => {
    const ws = c.var.workspace.id;
    const fragment = (
      <AttributeTable title={TITLES[model]} model={model} rows={listDataAttributes(ctx, ws, model, true)} usage={countAttributeUsage(ctx, ws, model)} auth={formAuth(c)} />
    );
    return page(c, { title: "Data", active: "contacts", fragment });
  };

  app.get("/", (c) => dataIndex(c, ctx));

  app.get("/attributes/:model", (c) => {
    const model = c.req.param("model");
    if (model !== "contact" && model !== "company") throw notFound("No such attribute list.");
    return table(c, model);
  });

  app.post("/attributes/:id/archive", async (c) => {
    const body = await c.req.parseBody();
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id)) throw notFound("That attribute does not exist.");
    const attr = updateDataAttribute(ctx, c.var.workspace.id, id, { archived: body.archived !== "false" });
    if (!isHtmx(c)) return c.redirect("/data?counts=1", 303);
    return table(c, attr.model);
  });
  return app;
}

/** `GET /data`: the registry (holder counts load after the page) and the event catalogue. */
function dataIndex(c: Context<AdminEnv>, ctx: Ctx): Response | Promise<Response> {
  const ws = c.var.workspace.id;
  // Counting scans every contact: the tables ask for it after the page shows, unless `?counts=1` (no-script, archive redirect).
  const usage = isHtmx(c) || c.req.query("counts") !== "1" ? undefined : { contact: countAttributeUsage(ctx, ws, "contact"), company: countAttributeUsage(ctx, ws, "company") };
  const fragment = (
    <DataPage contactAttributes={listDataAttributes(ctx, ws, "contact", true)} companyAttributes={listDataAttributes(ctx, ws, "company", true)}
      events={listEventCatalog(ctx, ws)} usage={usage} auth={formAuth(c)} />
  );
  return page(c, { title: "Data", active: "contacts", fragment });
}
