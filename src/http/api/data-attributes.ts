import { Hono } from "hono";
import { z } from "zod";
import {
  createAttributeInput, createDataAttribute, listDataAttributes, STANDARD_COMPANY_ATTRIBUTES, STANDARD_CONTACT_ATTRIBUTES,
  updateAttributeInput, updateDataAttribute, type DataType, type Model,
} from "../../attributes/index.js";
import { type Ctx, withTx } from "../../context.js";
import { notFound } from "../../lib/errors.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { parseWith, readJson } from "./body.js";
import { customAttributeJson, standardAttributeJson } from "./serialize.js";

const listQuery = z.object({
  model: z.enum(["contact", "company", "conversation"]).optional(),
  include_archived: z.enum(["true", "false"]).optional(),
});

const STANDARD: Record<Model, Record<string, DataType>> = { contact: STANDARD_CONTACT_ATTRIBUTES, company: STANDARD_COMPANY_ATTRIBUTES };

/** `GET/POST /data_attributes`, `PUT /data_attributes/{id}`: standard attributes plus the custom registry. */
export function dataAttributesApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/data_attributes", (c) => {
    const q = parseWith(listQuery, c.req.query(), "query");
    // Conversation attributes are not modelled yet: an empty list keeps clients that ask for them working.
    const models: Model[] = q.model === "conversation" ? [] : q.model ? [q.model] : ["contact", "company"];
    const data = models.flatMap((model) => [
      ...Object.entries(STANDARD[model]).map(([name, type]) => standardAttributeJson(model, name, type)),
      ...listDataAttributes(ctx, c.var.workspace.id, model, q.include_archived === "true").map(customAttributeJson),
    ]);
    return c.json({ type: "list", data });
  });

  app.post("/data_attributes", async (c) => {
    const body = await readJson(c, createAttributeInput);
    const row = withTx(ctx, () => createDataAttribute(ctx, c.var.workspace.id, body));
    return c.json(customAttributeJson(row));
  });

  app.put("/data_attributes/:id", async (c) => {
    const raw = c.req.param("id");
    if (!/^\d{1,15}$/.test(raw)) throw notFound(`Data attribute ${raw} not found`, "field_not_found");
    const body = await readJson(c, updateAttributeInput);
    const row = withTx(ctx, () => updateDataAttribute(ctx, c.var.workspace.id, Number(raw), body));
    return c.json(customAttributeJson(row));
  });

  return app;
}
