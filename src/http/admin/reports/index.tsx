import { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { ReportsIndex } from "../../../../views/reports/index.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { adminGuards } from "../guards.js";
import { page } from "../render.js";
import { audienceRoutes } from "./audience.js";
import { funnelRoutes } from "./funnels.js";
import { inboxReportRoutes } from "./inbox.js";
import { mapReportRoutes } from "./map.js";
import { messagesReportRoutes } from "./messages.js";

/** `/reports`: funnels and the audience report. */
export function reportsApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));
  app.get("/", (c) => page(c, { title: "Reports", active: "reports", fragment: <ReportsIndex /> }));
  funnelRoutes(app, ctx);
  audienceRoutes(app, ctx);
  inboxReportRoutes(app, ctx);
  mapReportRoutes(app, ctx);
  messagesReportRoutes(app, ctx);
  return app;
}
