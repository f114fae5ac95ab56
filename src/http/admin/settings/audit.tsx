import { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { listAudit } from "../../../operators/audit.js";
import { AuditSection } from "../../../../views/settings/audit.js";
import { requirePermission } from "../../middleware/session.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { settingsPage } from "./page.js";

const PAGE_SIZE = 50;

/** `/settings/audit`: newest admin actions first, paged by id. */
export function auditRoutes(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", requirePermission("view_audit"));
  app.get("/", (c) => {
    const before = c.req.query("before");
    const entries = listAudit(ctx, { limit: PAGE_SIZE, ...(before ? { beforeId: before } : {}) });
    const names = Object.fromEntries(c.var.workspaces.map((w) => [w.id, w.name]));
    const last = entries.length === PAGE_SIZE ? entries[entries.length - 1] : undefined;
    const olderHref = last ? `/settings/audit?before=${encodeURIComponent(last.id)}` : undefined;
    return settingsPage(c, "audit", "Audit log", <AuditSection entries={entries} workspaceNames={names} olderHref={olderHref} />);
  });
  return app;
}
