import { Hono, type Context } from "hono";
import { createAttributeInput, createDataAttribute, listDataAttributes, updateDataAttribute } from "../../attributes/index.js";
import { countAttributeUsage } from "../../attributes/usage.js";
import type { Ctx } from "../../context.js";
import { listEventCatalog } from "../../events/catalog.js";
import { notFound } from "../../lib/errors.js";
import { recordAudit } from "../../operators/audit.js";
import type { FieldErrors } from "../../../views/components/form.js";
import { AttributeTable, DataPage, type DataPageProps } from "../../../views/data/data-page.js";
import { setFlash } from "./cookies.js";
import { formErrorsFrom } from "./forms.js";
import type { AdminEnv } from "./env.js";
import { adminErrorHandler } from "./errors.js";
import { adminGuards } from "./guards.js";
import { formAuth, isHtmx, notice, page } from "./render.js";

const TITLES = { contact: "People data", company: "Company data" } as const;

/** `/data`: attribute registry with holder counts, create and archive, and the event catalogue. */
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

  app.post("/attributes", (c) => createAttribute(c, ctx));

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

const FIELD_MESSAGES: Record<string, string> = {
  name: "Enter a name of at most 190 characters.", model: "Choose people or companies.", data_type: "Choose a type.",
  description: "Keep the description under 1000 characters.", options: "A list needs at least two options, separated by commas.",
};

/** `POST /data/attributes`: declares a custom attribute (audited); refusals re-render the form with field messages. */
async function createAttribute(c: Context<AdminEnv>, ctx: Ctx): Promise<Response> {
  const ws = c.var.workspace.id;
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(await c.req.parseBody())) if (typeof v === "string") raw[k] = v;
  const options = (raw.options ?? "").split(",").map((o) => o.trim()).filter(Boolean);
  const parsed = createAttributeInput.safeParse({
    name: (raw.name ?? "").trim(), model: raw.model, data_type: raw.data_type, ...(raw.description?.trim() ? { description: raw.description.trim() } : {}),
    ...(raw.data_type === "options" ? { options: options.map((value) => ({ value })) } : {}),
  });
  const again = (errors: FieldErrors, status: 409 | 422) => dataIndex(c, ctx, { values: raw, errors, open: true }, status);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "_form");
    return again({ [field]: FIELD_MESSAGES[field] ?? parsed.error.issues[0]!.message }, 422);
  }
  try {
    const attr = createDataAttribute(ctx, ws, parsed.data, "admin");
    recordAudit(ctx, { operatorId: c.var.operator!.id, workspaceId: ws, action: "attribute.created", target: String(attr.id), details: { name: attr.name, model: attr.model, type: attr.dataType } });
    const text = `Created the ${attr.model === "contact" ? "people" : "company"} attribute “${attr.name}”.`;
    if (!isHtmx(c)) {
      setFlash(c, "success", text);
      return c.redirect("/data", 303);
    }
    notice(c, "success", text);
    return dataIndex(c, ctx);
  } catch (err) {
    const errors = formErrorsFrom(err);
    if (!errors) throw err;
    return again(errors, 422);
  }
}

/** `GET /data`: the registry (holder counts load after the page) and the event catalogue. */
function dataIndex(c: Context<AdminEnv>, ctx: Ctx, create?: DataPageProps["create"], status: 200 | 409 | 422 = 200): Response | Promise<Response> {
  const ws = c.var.workspace.id;
  // Counting scans every contact: the tables ask for it after the page shows, unless `?counts=1` (no-script, archive redirect).
  const usage = isHtmx(c) || c.req.query("counts") !== "1" ? undefined : { contact: countAttributeUsage(ctx, ws, "contact"), company: countAttributeUsage(ctx, ws, "company") };
  const fragment = (
    <DataPage contactAttributes={listDataAttributes(ctx, ws, "contact", true)} companyAttributes={listDataAttributes(ctx, ws, "company", true)}
      events={listEventCatalog(ctx, ws)} usage={usage} auth={formAuth(c)} create={create} />
  );
  return page(c, { title: "Data", active: "contacts", fragment, status });
}
