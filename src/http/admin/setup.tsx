import type { Hono } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { notFound } from "../../lib/errors.js";
import { hasOperators } from "../../operators/login.js";
import { completeSetup } from "../../operators/setup.js";
import { hasSetupToken } from "../../operators/setup-token.js";
import { SetupForm } from "../../../views/auth/setup.js";
import { startSession } from "../middleware/session.js";
import { setFlash } from "./cookies.js";
import type { AdminEnv } from "./env.js";
import { formErrorsFrom, formStatus, readForm } from "./forms.js";
import { openGuards } from "./guards.js";
import { barePage } from "./render.js";

const setupInput = z.object({
  token: z.string("Enter the setup token.").trim().min(1, "Enter the setup token."),
  name: z.string("Enter your name.").trim().min(1, "Enter your name.").max(190, "That name is too long."),
  email: z.email("Enter a valid email address.").max(254),
  password: z.string("Choose a password.").min(8, "Use at least 8 characters.").max(1024, "That password is too long."),
});

/** `/setup`: creates the owner with the one-time setup token; gone once any operator exists. */
export function setupRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.use("/setup", ...openGuards(ctx));

  app.get("/setup", (c) => {
    if (hasOperators(ctx)) return c.redirect("/login", 303);
    const errors = hasSetupToken(ctx)
      ? undefined
      : { _form: "No setup token is waiting. Restart Parley to print a new one, or set PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD." };
    return barePage(c, "Set up Parley", <SetupForm values={{ token: c.req.query("token") }} errors={errors} />);
  });

  app.post("/setup", async (c) => {
    if (hasOperators(ctx)) throw notFound("Parley is already set up. Sign in instead.");
    const form = await readForm(c, setupInput);
    const values = { token: form.raw.token, email: form.raw.email, name: form.raw.name };
    if (!form.ok) return barePage(c, "Set up Parley", <SetupForm values={values} errors={form.errors} />, 422);
    try {
      const { token, ...owner } = form.data;
      const op = completeSetup(ctx, token, owner);
      startSession(c, ctx, op.id);
      setFlash(c, "success", "Parley is ready. Next: install the messenger or send your first events.");
      return c.redirect("/", 303);
    } catch (err) {
      const errors = formErrorsFrom(err);
      if (!errors) throw err;
      return barePage(c, "Set up Parley", <SetupForm values={values} errors={errors} />, formStatus(err));
    }
  });
}
