import { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { assetRoutes } from "./assets.js";
import { authRoutes } from "./auth.js";
import { companiesApp } from "./companies.js";
import { contactsApp } from "./contacts/index.js";
import { dataApp } from "./data.js";
import type { AdminEnv } from "./env.js";
import { adminErrorHandler } from "./errors.js";
import { homeRoutes } from "./home.js";
import { inboxApp } from "./inbox/index.js";
import { reportsApp } from "./reports/index.js";
import { inviteRoutes } from "./invite.js";
import { messagesApp } from "./messages/index.js";
import { settingsApp } from "./settings/index.js";
import { setupRoutes } from "./setup.js";
import { segmentsApp } from "./segments/index.js";
import { seriesApp } from "./series/index.js";
import { tagsApp } from "./tags.js";

export { adminGuards } from "./guards.js";
export { page, notice, formAuth, isHtmx } from "./render.js";
export type { AdminEnv } from "./env.js";

/**
 * The admin surface, mounted at "/". Middleware is attached per path, never to "*": this app shares
 * the root with /api, /v1, /widget and the rest, and must not touch their requests.
 */
export function adminApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  assetRoutes(app);
  setupRoutes(app, ctx);
  authRoutes(app, ctx);
  inviteRoutes(app, ctx);
  homeRoutes(app, ctx);
  app.route("/settings", settingsApp(ctx));
  app.route("/inbox", inboxApp(ctx));
  app.route("/contacts", contactsApp(ctx));
  app.route("/companies", companiesApp(ctx));
  app.route("/tags", tagsApp(ctx));
  app.route("/data", dataApp(ctx));
  app.route("/reports", reportsApp(ctx));
  app.route("/segments", segmentsApp(ctx));
  app.route("/series", seriesApp(ctx));
  app.route("/messages", messagesApp(ctx));
  return app;
}
