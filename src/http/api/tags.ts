import { Hono } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { findContactByRef, getContact } from "../../contacts/index.js";
import { deleteTag, getTag, listContactTags, listTags, saveTag, tagContact, untagContact } from "../../tags/index.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { actingOperatorId } from "./admins.js";
import { readJson } from "./body.js";
import { idString } from "./schemas.js";
import { appliedTagJson, tagJson } from "./serialize.js";

const saveTagBody = z.object({
  name: z.string().max(190),
  id: idString.optional(),
  users: z
    .array(z.object({ id: idString.optional(), user_id: idString.optional(), email: z.string().max(255).optional(), untag: z.boolean().optional() }))
    .max(1000)
    .optional(),
  companies: z.array(z.object({ id: idString.optional(), company_id: idString.optional(), untag: z.boolean().optional() })).max(1000).optional(),
});

const tagRefBody = z.object({ id: idString });

/** Tags (`/tags`) and a contact's tags (`/contacts/{id}/tags`). */
export function tagsApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  tagRoutes(app, ctx);
  contactTagRoutes(app, ctx);
  return app;
}

function tagRoutes(app: Hono<ApiEnv>, ctx: Ctx): void {
  app.post("/tags", async (c) => {
    const body = await readJson(c, saveTagBody);
    const operatorId = actingOperatorId(c);
    const tag = saveTag(ctx, c.var.workspace.id, {
      name: body.name,
      id: body.id,
      users: body.users?.map((u) => ({ id: u.id, userId: u.user_id, email: u.email, untag: u.untag })),
      companies: body.companies?.map((co) => ({ id: co.id, companyId: co.company_id, untag: co.untag })),
    }, operatorId);
    if (body.users?.length) {
      const ids = body.users.map((u) => findContactByRef(ctx, c.var.workspace.id, { id: u.id, externalId: u.user_id, email: u.email })?.id);
      touched(ctx, c.var.workspace.id, ids.filter((id): id is string => Boolean(id)));
    }
    return c.json(tagJson(tag));
  });

  app.get("/tags", (c) => c.json({ type: "list", data: listTags(ctx, c.var.workspace.id).map(tagJson) }));

  app.get("/tags/:id", (c) => c.json(tagJson(getTag(ctx, c.var.workspace.id, c.req.param("id")))));

  // Intercom answers a tag delete with 200 and no body; intercom-client 7 returns undefined for it.
  app.delete("/tags/:id", (c) => {
    deleteTag(ctx, c.var.workspace.id, c.req.param("id"));
    return c.body(null, 200);
  });
}

function contactTagRoutes(app: Hono<ApiEnv>, ctx: Ctx): void {
  app.get("/contacts/:id/tags", (c) => {
    const contact = getContact(ctx, c.var.workspace.id, c.req.param("id"));
    return c.json({ type: "list", data: listContactTags(ctx, contact.id).map(tagJson) });
  });

  app.post("/contacts/:id/tags", async (c) => {
    const body = await readJson(c, tagRefBody);
    const operatorId = actingOperatorId(c);
    const applied = tagContact(ctx, c.var.workspace.id, c.req.param("id"), body.id, operatorId);
    touched(ctx, c.var.workspace.id, [c.req.param("id")]);
    return c.json(appliedTagJson(applied));
  });

  app.delete("/contacts/:id/tags/:tagId", (c) => {
    const tag = untagContact(ctx, c.var.workspace.id, c.req.param("id"), c.req.param("tagId"));
    touched(ctx, c.var.workspace.id, [c.req.param("id")]);
    return c.json(tagJson(tag));
  });
}

/** Tag changes move contacts in and out of segments: tell the listeners once the write committed. */
function touched(ctx: Ctx, workspaceId: string, contactIds: string[]): void {
  for (const contactId of contactIds) ctx.bus.publish("contact.updated", { workspaceId, contactId });
}
