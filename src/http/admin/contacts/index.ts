import { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { adminGuards } from "../guards.js";
import { bulkRoutes } from "./bulk.js";
import { listRoutes } from "./list.js";
import { profileEditRoutes } from "./profile-edit.js";
import { profileRoutes } from "./profile.js";
import { streamRoutes } from "./stream.js";

/**
 * `/contacts/*`: the list (tabs, filter builder, columns, bulk tag, save as segment, CSV export) and the profile
 * (attributes, tags, live timeline). Fixed paths are registered before `/:id`.
 */
export function contactsApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));
  listRoutes(app, ctx);
  bulkRoutes(app, ctx);
  streamRoutes(app, ctx);
  profileRoutes(app, ctx);
  profileEditRoutes(app, ctx);
  return app;
}
