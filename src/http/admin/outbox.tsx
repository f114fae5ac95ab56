import { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { getOutboxMessage, listOutbox, previewHtml } from "../../email/index.js";
import { OutboxList, OutboxMessageView } from "../../../views/settings/outbox.js";
import { requirePermission } from "../middleware/session.js";
import type { AdminEnv } from "./env.js";
import { adminErrorHandler } from "./errors.js";
import { settingsPage } from "./settings/page.js";

const PAGE_SIZE = 50;

/**
 * `/settings/outbox`: mail kept while SMTP_URL is unset. Mount it inside the settings app (which runs
 * the admin guards). Owners and admins only: kept mail holds invitation and unsubscribe links.
 */
export function outboxRoutes(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", requirePermission("manage_settings"));
  app.get("/", (c) => {
    const before = c.req.query("before");
    const messages = listOutbox(ctx, c.var.workspace.id, { limit: PAGE_SIZE, ...(before ? { beforeId: before } : {}) });
    const last = messages.length === PAGE_SIZE ? messages[messages.length - 1] : undefined;
    const olderHref = last ? `/settings/outbox?before=${encodeURIComponent(last.id)}` : undefined;
    const fragment = <OutboxList messages={messages} smtp={Boolean(ctx.config.SMTP_URL)} olderHref={olderHref} />;
    return settingsPage(c, "outbox", "Outbox", fragment);
  });
  app.get("/:id", (c) => {
    const message = getOutboxMessage(ctx, c.var.workspace.id, c.req.param("id"));
    const fragment = <OutboxMessageView message={message} previewHtml={previewHtml(ctx, message.html)} />;
    return settingsPage(c, "outbox", message.subject || "Outbox", fragment);
  });
  return app;
}
