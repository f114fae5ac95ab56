import { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { revealIdentitySecret, setIdentityEnforced } from "../../../workspaces/settings.js";
import { EnforceForm, IdentitySecret, KeysSection } from "../../../../views/settings/keys.js";
import { requirePermission } from "../../middleware/session.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { formAuth, isHtmx, notice } from "../render.js";
import { settingsPage } from "./page.js";

/** `/settings/keys`: app id, write key, identity secret (revealed on request) and the enforce switch. */
export function keysRoutes(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", requirePermission("manage_settings"));

  app.get("/", (c) => {
    const reveal = c.req.query("reveal") === "1";
    const ws = reveal ? revealIdentitySecret(ctx, c.var.operator!, c.var.workspace.id) : c.var.workspace;
    return settingsPage(c, "keys", "Keys & identity", <KeysSection workspace={ws} auth={formAuth(c)} revealed={reveal} />);
  });

  // The htmx "Reveal" button swaps just the secret; without scripts the link goes to ?reveal=1.
  app.get("/secret", (c) => {
    if (!isHtmx(c)) return c.redirect("/settings/keys?reveal=1", 303);
    const ws = revealIdentitySecret(ctx, c.var.operator!, c.var.workspace.id);
    return settingsPage(c, "keys", "Keys & identity", <IdentitySecret workspace={ws} revealed />);
  });

  app.post("/enforce", async (c) => {
    const body = await c.req.parseBody();
    const enforced = body.enforced === "on";
    const ws = setIdentityEnforced(ctx, c.var.operator!, c.var.workspace.id, enforced);
    notice(c, "success", enforced ? "Identity verification is now enforced." : "Identity verification is no longer enforced.");
    if (isHtmx(c)) return settingsPage(c, "keys", "Keys & identity", <EnforceForm workspace={ws} auth={formAuth(c)} saved />);
    return settingsPage(c, "keys", "Keys & identity", <KeysSection workspace={ws} auth={formAuth(c)} revealed={false} />);
  });
  return app;
}
