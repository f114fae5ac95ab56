import { Hono } from "hono";
import type { Ctx } from "./context.js";
import { AppError } from "./lib/errors.js";
import { requestId } from "./http/middleware/request-id.js";
import type { Env } from "./http/env.js";
import { apiApp } from "./http/api/index.js";
import { segmentApp } from "./http/segment/index.js";
import { adminApp } from "./http/admin/index.js";
import { emailApp } from "./http/email/index.js";
import { widgetApp } from "./http/widget/index.js";
import { notFoundPage } from "../views/not-found.js";

/** Builds the whole HTTP app. No I/O at import: tests call this with their own ctx. */
export function buildApp(ctx: Ctx): Hono<Env> {
  const app = new Hono<Env>();
  app.use("*", requestId());
  app.use("*", async (c, next) => {
    c.set("ctx", ctx);
    await next();
  });

  app.get("/healthz", (c) => {
    ctx.db.$client.prepare("select 1").get();
    return c.json({ ok: true });
  });

  app.route("/api", apiApp(ctx));
  app.route("/v1", segmentApp(ctx));
  app.route("/", widgetApp(ctx));
  app.route("/", emailApp(ctx));
  app.route("/", adminApp(ctx));

  app.notFound((c) => {
    if (c.req.header("accept")?.includes("text/html")) return c.html(notFoundPage(), 404);
    return c.json({ error: "not_found", message: `No route for ${c.req.method} ${c.req.path}` }, 404);
  });
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json({ error: err.code.toLowerCase(), message: err.message, field: err.field }, err.status as 400);
    ctx.log.error("unhandled error", { requestId: c.get("requestId"), path: c.req.path, err: String(err?.stack ?? err) });
    return c.json({ error: "server_error", message: "Internal error", request_id: c.get("requestId") }, 500);
  });
  return app;
}
