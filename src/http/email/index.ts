import { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { AppError } from "../../lib/errors.js";
import type { Env } from "../env.js";
import { inboundRoutes } from "./inbound.js";
import { trackingRoutes } from "./tracking.js";
import { unsubscribeRoutes } from "./unsubscribe.js";

/**
 * Public email endpoints, mounted at "/": `/e/o/:token` open pixel, `/e/c/:token` click redirect,
 * `/u/:token` unsubscribe (RFC 8058), `POST /inbound/email` for relays. No session, no CSRF:
 * each request is authorized by its signed token (or the inbound token).
 */
export function emailApp(ctx: Ctx): Hono<Env> {
  const app = new Hono<Env>();
  app.route("/e", trackingRoutes(ctx));
  app.route("/u", unsubscribeRoutes(ctx));
  app.route("/inbound", inboundRoutes(ctx));
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json({ error: err.code.toLowerCase(), message: err.message }, err.status as 400);
    ctx.log.error("email endpoint failed", { requestId: c.get("requestId"), path: c.req.path, err: String(err?.stack ?? err) });
    return c.json({ error: "server_error", request_id: c.get("requestId") }, 500);
  });
  return app;
}
