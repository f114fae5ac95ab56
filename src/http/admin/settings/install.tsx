import { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { can } from "../../../operators/roles.js";
import { InstallSection } from "../../../../views/settings/install.js";
import { installSnippets } from "../../../../views/settings/snippets.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { settingsPage } from "./page.js";

/** `/settings/install`: copy-ready code for the current workspace (every role may read it). */
export function installRoutes(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.get("/", (c) => {
    const ws = c.var.workspace;
    const snippets = installSnippets({ publicUrl: ctx.config.PUBLIC_URL, appId: ws.idCode, writeKey: ws.writeKey });
    const fragment = <InstallSection workspace={ws} snippets={snippets} canManageTokens={can(c.var.operator!.role, "manage_tokens")} />;
    return settingsPage(c, "install", "Install", fragment);
  });
  return app;
}
