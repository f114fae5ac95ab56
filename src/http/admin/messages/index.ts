import { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { adminGuards } from "../guards.js";
import { actionRoutes } from "./actions.js";
import { editRoutes } from "./edit.js";
import { filterRoutes } from "./filter.js";
import { listRoutes } from "./list.js";
import { reportRoutes } from "./report.js";
import { streamRoutes } from "./stream.js";
import { triggerWhereRoutes } from "./trigger-where.js";

/** `/messages`: list, editor, lifecycle actions, preview and test send, report with live progress and A/B. */
export function messagesApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));
  listRoutes(app, ctx);
  editRoutes(app, ctx);
  filterRoutes(app, ctx);
  triggerWhereRoutes(app, ctx);
  actionRoutes(app, ctx);
  streamRoutes(app, ctx);
  reportRoutes(app, ctx);
  return app;
}
