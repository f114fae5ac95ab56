import { Hono, type Context } from "hono";
import type { Ctx } from "../../context.js";
import { AppError } from "../../lib/errors.js";
import { listTaggedContactIds, listTagUsage } from "../../tags/counts.js";
import { recordAudit } from "../../operators/audit.js";
import { deleteTag, getTag, renameTag } from "../../tags/index.js";
import { TagsPage, type TagsPageProps } from "../../../views/data/tags.js";
import { setFlash } from "./cookies.js";
import type { AdminEnv } from "./env.js";
import { adminErrorHandler } from "./errors.js";
import { adminGuards } from "./guards.js";
import { formAuth, isHtmx, notice, page } from "./render.js";

/** `/tags`: counts, rename, delete. */
export function tagsApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));

  const show = (c: Context<AdminEnv>, error?: TagsPageProps["error"]) =>
    page(c, { title: "Tags", active: "contacts", fragment: <TagsPage tags={listTagUsage(ctx, c.var.workspace.id)} auth={formAuth(c)} error={error} />, status: error ? 422 : 200 });
  /** htmx gets the page fragment with a notice; a plain form POST is redirected (reload never re-posts). */
  const done = (c: Context<AdminEnv>, text: string) => {
    if (isHtmx(c)) {
      notice(c, "success", text);
      return show(c);
    }
    setFlash(c, "success", text);
    return c.redirect("/tags", 303);
  };

  app.get("/", (c) => show(c));

  app.post("/:id/rename", async (c) => {
    const body = await c.req.parseBody();
    const name = typeof body.name === "string" ? body.name : "";
    try {
      const ws = c.var.workspace.id;
      const before = getTag(ctx, ws, c.req.param("id"));
      const tag = renameTag(ctx, ws, before.id, name);
      if (tag.name !== before.name) {
        recordAudit(ctx, { operatorId: c.var.operator!.id, workspaceId: ws, action: "tag.renamed", target: tag.id, details: { from: before.name, to: tag.name } });
      }
      return done(c, `Renamed to “${tag.name}”.`);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
      return show(c, { tagId: c.req.param("id"), name, message: err.message });
    }
  });

  app.post("/:id/delete", (c) => {
    const ws = c.var.workspace.id;
    const tagged = listTaggedContactIds(ctx, c.req.param("id"));
    const tag = deleteTag(ctx, ws, c.req.param("id"));
    recordAudit(ctx, { operatorId: c.var.operator!.id, workspaceId: ws, action: "tag.deleted", target: tag.id, details: { name: tag.name, contacts: tagged.length } });
    // Segments with a condition on this tag must re-evaluate the contacts that just lost it.
    for (const contactId of tagged) ctx.bus.publish("contact.updated", { workspaceId: ws, contactId });
    return done(c, `Deleted the tag “${tag.name}”.`);
  });
  return app;
}
