import { Hono, type Context } from "hono";
import type { Ctx } from "../../context.js";
import { findFirstOwner, findOperator, getOperator, listOperators } from "../../operators/queries.js";
import type { Workspace } from "../../workspaces/index.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { adminJson, appJson } from "./serialize.js";

type AdminJson = Omit<ReturnType<typeof adminJson>, "email"> & { email: string | null };

/**
 * Who an API call acts as: the token's operator, else the first owner, else a synthetic
 * admin "0" named after the workspace (a fresh install may have no operators yet).
 */
export function actingAdmin(ctx: Ctx, workspace: Workspace, tokenOperatorId: number | null): AdminJson {
  const op = (tokenOperatorId !== null ? findOperator(ctx, tokenOperatorId) : undefined) ?? findFirstOwner(ctx);
  return op ? adminJson(op) : syntheticAdmin(workspace);
}

/** Operator id to record as the actor of an API write (null when the synthetic admin acts). */
export function actingOperatorId(c: Context<ApiEnv>): number | null {
  const admin = actingAdmin(c.var.ctx, c.var.workspace, c.var.operatorId);
  return admin.id === "0" ? null : Number(admin.id);
}

function syntheticAdmin(ws: Workspace): AdminJson {
  return { ...adminJson({ id: 0, name: `${ws.name} API`, email: "", awayMode: false }), email: null };
}

/** `GET /me`, `GET /admins`, `GET /admins/{id}`. */
export function adminsApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/me", (c) => {
    const admin = actingAdmin(ctx, c.var.workspace, c.var.operatorId);
    return c.json({
      ...admin,
      email_verified: admin.email !== null,
      app: appJson(c.var.workspace),
      avatar: { type: "avatar", image_url: null },
    });
  });

  app.get("/admins", (c) => {
    const ops = listOperators(ctx);
    const admins = ops.length > 0 ? ops.map(adminJson) : [syntheticAdmin(c.var.workspace)];
    return c.json({ type: "admin.list", admins });
  });

  app.get("/admins/:id", (c) => {
    const id = c.req.param("id");
    if (id === "0" && listOperators(ctx).length === 0) return c.json(syntheticAdmin(c.var.workspace));
    return c.json(adminJson(getOperator(ctx, /^\d+$/.test(id) ? Number(id) : Number.NaN)));
  });

  return app;
}
