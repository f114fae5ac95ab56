import type { Hono } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { notFound } from "../../lib/errors.js";
import { acceptInvite, findOpenInvite } from "../../operators/invites.js";
import { InviteForm } from "../../../views/auth/invite.js";
import { startSession } from "../middleware/session.js";
import { setFlash } from "./cookies.js";
import type { AdminEnv } from "./env.js";
import { formErrorsFrom, formStatus, readForm } from "./forms.js";
import { openGuards } from "./guards.js";
import { barePage } from "./render.js";

const acceptInput = z.object({
  name: z.string("Enter your name.").trim().min(1, "Enter your name.").max(190, "That name is too long."),
  password: z.string("Choose a password.").min(8, "Use at least 8 characters.").max(1024, "That password is too long."),
});

const DEAD_LINK = "This invite link is invalid, already used or expired. Ask a teammate for a new one.";

/** `/invite/:token`: a teammate sets name and password, then is signed in. */
export function inviteRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.use("/invite/*", ...openGuards(ctx));

  app.get("/invite/:token", (c) => {
    const token = c.req.param("token");
    const invite = findOpenInvite(ctx, token);
    if (!invite) throw notFound(DEAD_LINK);
    return barePage(c, "Join Parley", <InviteForm token={token} email={invite.email} role={invite.role} />);
  });

  app.post("/invite/:token", async (c) => {
    const token = c.req.param("token");
    const invite = findOpenInvite(ctx, token);
    if (!invite) throw notFound(DEAD_LINK);
    const form = await readForm(c, acceptInput);
    const again = (errors: Record<string, string | undefined>, status: 403 | 409 | 422) =>
      barePage(c, "Join Parley", <InviteForm token={token} email={invite.email} role={invite.role} name={form.raw.name} errors={errors} />, status);
    if (!form.ok) return again(form.errors, 422);
    try {
      const op = acceptInvite(ctx, token, form.data);
      startSession(c, ctx, op.id);
      setFlash(c, "success", `Welcome to Parley, ${op.name}.`);
      return c.redirect("/", 303);
    } catch (err) {
      const errors = formErrorsFrom(err);
      if (!errors) throw err;
      return again(errors, formStatus(err));
    }
  });
}
