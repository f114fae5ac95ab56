import { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { adminGuards } from "../guards.js";
import { actionRoutes } from "./actions.js";
import { fileRoutes } from "./files.js";
import { pageRoutes } from "./pages.js";
import { savedReplyRoutes } from "./saved-replies.js";
import { streamRoutes } from "./stream.js";

/**
 * `/inbox/*`: the team inbox. Views (mine, unassigned, all, one teammate) and state tabs, search, the thread with
 * reply / note composer and assign / snooze / close / reopen, bulk assign and close, saved replies, and one SSE
 * stream per page that keeps the list and the open thread live. Fixed paths come before `/:id`.
 */
export function inboxApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));
  streamRoutes(app, ctx);
  fileRoutes(app, ctx);
  savedReplyRoutes(app, ctx);
  actionRoutes(app, ctx);
  pageRoutes(app, ctx);
  return app;
}
