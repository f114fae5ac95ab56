import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { createSavedReply, deleteSavedReply, listSavedReplies } from "../../../conversations/index.js";
import { AppError } from "../../../lib/errors.js";
import type { FieldErrors } from "../../../../views/components/form.js";
import { SavedRepliesPage } from "../../../../views/inbox/saved-replies.js";
import type { AdminEnv } from "../env.js";
import { formAuth, isHtmx, notice, page } from "../render.js";

function render(c: Context<AdminEnv>, ctx: Ctx, extra: { errors?: FieldErrors; values?: { name?: string; body?: string } } = {}, status: 200 | 422 = 200) {
  const replies = listSavedReplies(ctx, c.var.workspace.id);
  return page(c, { title: "Saved replies", active: "inbox", status, fragment: <SavedRepliesPage replies={replies} auth={formAuth(c)} {...extra} /> });
}

/** `GET/POST /inbox/saved-replies` and `POST /inbox/saved-replies/:rid/delete`. */
export function savedReplyRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/saved-replies", (c) => render(c, ctx));

  app.post("/saved-replies", async (c) => {
    const form = await c.req.parseBody();
    const values = { name: String(form.name ?? ""), body: String(form.body ?? "") };
    try {
      createSavedReply(ctx, c.var.workspace.id, values, c.var.operator!.id);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
      return render(c, ctx, { values, errors: { [err.field ?? "body"]: err.message } }, 422);
    }
    if (!isHtmx(c)) return c.redirect("/inbox/saved-replies", 303);
    notice(c, "success", `Saved reply “${values.name.trim()}” added.`);
    return render(c, ctx);
  });

  app.post("/saved-replies/:rid/delete", (c) => {
    deleteSavedReply(ctx, c.var.workspace.id, c.req.param("rid"));
    if (!isHtmx(c)) return c.redirect("/inbox/saved-replies", 303);
    return render(c, ctx);
  });
}
