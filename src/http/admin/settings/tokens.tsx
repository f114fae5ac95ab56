import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Ctx } from "../../../context.js";
import { createWorkspaceToken, listWorkspaceTokens, revokeWorkspaceToken } from "../../../workspaces/settings.js";
import type { FieldErrors } from "../../../../views/components/form.js";
import { TokensSection, type TokensProps } from "../../../../views/settings/tokens.js";
import { requirePermission } from "../../middleware/session.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { readForm } from "../forms.js";
import { formAuth, notice } from "../render.js";
import { settingsPage } from "./page.js";

const createInput = z.object({ name: z.string("Give the token a name.").trim().min(1, "Give the token a name.").max(80, "Keep the name under 80 characters.") });

/** `/settings/tokens`: create (shown once), list and revoke API tokens of the current workspace. */
export function tokensRoutes(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", requirePermission("manage_tokens"));

  const section = (c: Context<AdminEnv>, extra: Partial<TokensProps> = {}, status: 200 | 422 = 200) => {
    const ws = c.var.workspace;
    const props: TokensProps = { workspace: ws, publicUrl: ctx.config.PUBLIC_URL, tokens: listWorkspaceTokens(ctx, ws.id), auth: formAuth(c), ...extra };
    return settingsPage(c, "tokens", "API tokens", <TokensSection {...props} />, status);
  };

  app.get("/", (c) => section(c));

  app.post("/", async (c) => {
    const form = await readForm(c, createInput);
    if (!form.ok) return section(c, { errors: form.errors as FieldErrors, values: { name: form.raw.name } }, 422);
    const { token, row } = createWorkspaceToken(ctx, c.var.operator!, c.var.workspace.id, form.data.name);
    notice(c, "success", `Token “${row.name}” created.`);
    return section(c, { created: { token, name: row.name } });
  });

  app.post("/:id/revoke", (c) => {
    const row = revokeWorkspaceToken(ctx, c.var.operator!, c.var.workspace.id, c.req.param("id"));
    notice(c, "success", `Token “${row.name}” revoked. Requests using it are refused from now on.`);
    return section(c);
  });
  return app;
}
