import type { Context, Hono } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { AppError } from "../../lib/errors.js";
import { recordAudit } from "../../operators/audit.js";
import { authenticateOperator, hasOperators } from "../../operators/login.js";
import { LoginThrottle } from "../../operators/login-throttle.js";
import { LoginForm } from "../../../views/auth/login.js";
import { clientIp, safeNext, startSession, stopSession } from "../middleware/session.js";
import { setFlash } from "./cookies.js";
import type { AdminEnv } from "./env.js";
import { readForm } from "./forms.js";
import { adminGuards, openGuards } from "./guards.js";
import { barePage } from "./render.js";

const loginInput = z.object({
  email: z.string("Enter your email.").trim().min(1, "Enter your email.").max(254, "That email is too long."),
  password: z.string("Enter your password.").min(1, "Enter your password.").max(1024, "That password is too long."),
});

/** `/login` (rate limited per IP + email) and `/logout`. */
export function authRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  const throttle = new LoginThrottle(ctx.clock);
  app.use("/login", ...openGuards(ctx));

  app.get("/login", (c) => {
    if (!hasOperators(ctx)) return c.redirect("/setup", 303);
    const next = safeNext(c.req.query("next"));
    if (c.var.operator) return c.redirect(next ?? "/", 303);
    return barePage(c, "Sign in", <LoginForm next={next} />);
  });

  app.post("/login", (c) => signIn(c, ctx, throttle));

  app.use("/logout", ...adminGuards(ctx));
  app.post("/logout", (c) => {
    const op = c.var.operator!;
    stopSession(c, ctx);
    recordAudit(ctx, { operatorId: op.id, action: "operator.signed_out", target: String(op.id) });
    setFlash(c, "info", "You are signed out.");
    return c.redirect("/login", 303);
  });
}

/** Handles the sign-in form: validation, throttle, password check, new session, audit row. */
async function signIn(c: Context<AdminEnv>, ctx: Ctx, throttle: LoginThrottle): Promise<Response> {
  const form = await readForm(c, loginInput);
  const next = safeNext(form.raw.next);
  const again = (errors: Record<string, string | undefined>, status: 401 | 422 | 429) =>
    barePage(c, "Sign in", <LoginForm email={form.raw.email} next={next} errors={errors} />, status);
  if (!form.ok) return again(form.errors, 422);
  const ip = clientIp(c, ctx);
  const key = `${ip}|${form.data.email.toLowerCase()}`;
  try {
    // Checked before scrypt runs, so a guessing loop costs the server nothing once limited.
    throttle.assertAllowed(key);
    const op = await authenticateOperator(ctx, form.data.email, form.data.password);
    throttle.succeed(key);
    startSession(c, ctx, op.id);
    recordAudit(ctx, { operatorId: op.id, action: "operator.signed_in", target: String(op.id), details: { ip } });
    return c.redirect(next ?? "/", 303);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === "RATE_LIMITED") {
      c.header("Retry-After", String(throttle.retryAfterSeconds(key)));
      return again({ _form: err.message }, 429);
    }
    if (err.code !== "UNAUTHORIZED") throw err;
    throttle.fail(key);
    return again({ _form: err.message }, 401);
  }
}
