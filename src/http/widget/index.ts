import { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { conversationRoutes } from "./conversations.js";
import { messengerCors } from "./cors.js";
import { fileRoutes } from "./files.js";
import type { WidgetEnv } from "./env.js";
import { inAppRoutes } from "./inapp.js";
import { bootRoute, sessionRoutes } from "./messenger.js";
import { scriptRoute } from "./script.js";
import { streamRoute } from "./stream.js";

export type { WidgetEnv } from "./env.js";

/**
 * The messenger surface, mounted at "/" before the admin: `GET /widget/:appId` (the script) and
 * `/messenger/*` (JSON + SSE, CORS for the customer's origin). Middleware is attached per path only.
 */
export function widgetApp(ctx: Ctx): Hono<WidgetEnv> {
  const app = new Hono<WidgetEnv>();
  scriptRoute(app, ctx);
  app.use("/messenger/*", messengerCors());
  bootRoute(app, ctx);
  streamRoute(app, ctx);
  sessionRoutes(app, ctx);
  fileRoutes(app, ctx);
  conversationRoutes(app, ctx);
  inAppRoutes(app, ctx);
  return app;
}
