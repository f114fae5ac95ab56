import type { Hono } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { notFound } from "../../lib/errors.js";
import { listWorkspaces } from "../../workspaces/index.js";
import { countOnline } from "../../contacts/presence.js";
import { signupsByDay } from "../../workspaces/dashboard.js";
import { workspaceStats } from "../../workspaces/stats.js";
import { HomeDashboard } from "../../../views/home/home.js";
import { installSnippets } from "../../../views/settings/snippets.js";
import { safeNext } from "../middleware/session.js";
import { setAdminCookie, setFlash, WORKSPACE_COOKIE } from "./cookies.js";
import type { AdminEnv } from "./env.js";
import { readForm } from "./forms.js";
import { adminGuards } from "./guards.js";
import { page } from "./render.js";

const switchInput = z.object({ ws: z.string().min(1), next: z.string().optional() });

/** `/` (home dashboard) and `POST /workspace` (the switcher). */
export function homeRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.use("/", ...adminGuards(ctx));
  app.get("/", (c) => {
    const ws = c.var.workspace;
    const messenger = installSnippets({ publicUrl: ctx.config.PUBLIC_URL, appId: ws.idCode, writeKey: ws.writeKey })[0]!;
    const stats = workspaceStats(ctx, ws);
    const fragment = (
      <HomeDashboard workspace={ws} stats={stats} messengerSnippet={messenger.code} online={countOnline(ctx, ws.id)} signups={stats.hasData ? signupsByDay(ctx, ws) : []} />
    );
    return page(c, { title: "Home", active: "home", fragment });
  });

  app.use("/workspace", ...adminGuards(ctx));
  app.post("/workspace", async (c) => {
    const form = await readForm(c, switchInput);
    const ws = form.ok ? listWorkspaces(ctx).find((w) => w.id === form.data.ws) : undefined;
    if (!ws) throw notFound("That workspace does not exist.");
    setAdminCookie(c, WORKSPACE_COOKIE, ws.id, 365 * 24 * 3600);
    setFlash(c, "info", `Switched to ${ws.name}.`);
    return c.redirect(safeNext(form.ok ? form.data.next : undefined) ?? "/", 303);
  });
}
