import { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { apiAuth, type ApiEnv } from "../middleware/api-auth.js";
import { rateLimit } from "../middleware/rate-limit.js";
import { adminsApp } from "./admins.js";
import { companiesApp } from "./companies.js";
import { contactsApp } from "./contacts.js";
import { conversationsApp } from "./conversations.js";
import { dataAttributesApp } from "./data-attributes.js";
import { apiErrorHandler, apiNotFound } from "./errors.js";
import { eventsApp } from "./events.js";
import { segmentsApp } from "./segments.js";
import { seriesApiApp } from "./series.js";
import { tagsApp } from "./tags.js";
import { usersApp } from "./users.js";

/**
 * The Intercom-shaped REST API, mounted at `/api`. One sub-app per resource: add a resource with one
 * `api.route("/", …)` line above the catch-all. onError is set before the root mounts this app, because Hono copies routes
 * at `route()` time and wraps them with the sub-app's handler only if one is set by then.
 */
export function apiApp(ctx: Ctx): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.onError(apiErrorHandler(ctx));
  api.use("*", apiAuth(ctx));
  api.use("*", rateLimit(ctx));

  api.route("/", adminsApp(ctx));
  // Before the /contacts/:id/… sub-apps: /contacts/find_by_external_id/tags must not reach GET /contacts/:id/tags.
  api.route("/", contactsApp(ctx));
  api.route("/", eventsApp(ctx));
  api.route("/", usersApp(ctx));
  api.route("/", tagsApp(ctx));
  api.route("/", companiesApp(ctx));
  api.route("/", dataAttributesApp(ctx));
  api.route("/", segmentsApp(ctx));
  api.route("/", seriesApiApp(ctx));
  api.route("/", conversationsApp(ctx));

  // Registered last: a sub-app's notFound is not carried over by route(), a catch-all route is.
  api.all("*", apiNotFound);
  return api;
}
