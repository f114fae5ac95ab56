import { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { can } from "../../../operators/roles.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { adminGuards } from "../guards.js";
import { auditRoutes } from "./audit.js";
import { installRoutes } from "./install.js";
import { keysRoutes } from "./keys.js";
import { teammatesRoutes } from "./teammates.js";
import { tokensRoutes } from "./tokens.js";
import { outboxRoutes } from "../outbox.js";

/** `/settings/*`: install, API tokens, keys & identity, teammates, audit log, outbox. */
export function settingsApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));
  app.get("/", (c) => c.redirect(can(c.var.operator!.role, "manage_tokens") ? "/settings/tokens" : "/settings/install", 303));
  app.route("/install", installRoutes(ctx));
  app.route("/tokens", tokensRoutes(ctx));
  app.route("/keys", keysRoutes(ctx));
  app.route("/teammates", teammatesRoutes(ctx));
  app.route("/audit", auditRoutes(ctx));
  app.route("/outbox", outboxRoutes(ctx));
  return app;
}
