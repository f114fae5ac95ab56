import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Ctx } from "../../context.js";
import { AppError, notFound } from "../../lib/errors.js";
import { listWorkspaces } from "../../workspaces/index.js";
import { csrfGuard } from "../middleware/csrf.js";
import { loadSession, requireOperator } from "../middleware/session.js";
import { WORKSPACE_COOKIE } from "./cookies.js";
import type { AdminEnv } from "./env.js";

/**
 * Picks the workspace a request acts on. Pages use the switcher's cookie (default: production).
 * State-changing requests name the workspace they were rendered for (X-Parley-Workspace or `_ws`),
 * so a form from a tab still showing production never lands in test after another tab switched.
 */
export function currentWorkspace(ctx: Ctx): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const all = listWorkspaces(ctx);
    if (all.length === 0) throw new AppError("PRECONDITION_FAILED", "No workspace exists yet. Restart Parley to create one.");
    const presented = c.req.method === "GET" || c.req.method === "HEAD" ? undefined : await presentedWorkspace(c);
    let ws = presented ? all.find((w) => w.id === presented) : undefined;
    if (presented && !ws) throw notFound("That workspace no longer exists. Reload the page.");
    const chosen = getCookie(c, WORKSPACE_COOKIE);
    ws ??= all.find((w) => w.id === chosen) ?? all.find((w) => w.environment === "production") ?? all[0]!;
    c.set("workspace", ws);
    c.set("workspaces", all);
    await next();
  };
}

async function presentedWorkspace(c: Context<AdminEnv>): Promise<string | undefined> {
  const header = c.req.header("x-parley-workspace");
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return undefined;
  const field = (await c.req.parseBody())._ws;
  return typeof field === "string" && field ? field : undefined;
}

/**
 * Middleware for every signed-in admin route, in order: session, CSRF (origin + token), sign-in
 * required, current workspace. Other admin areas mount their sub-app with `use("*", ...adminGuards(ctx))`.
 */
export function adminGuards(ctx: Ctx): MiddlewareHandler<AdminEnv>[] {
  return [loadSession(ctx), csrfGuard(ctx, { requireToken: true }), requireOperator(ctx), currentWorkspace(ctx)];
}

/** Middleware for the signed-out forms (sign-in, setup, invite): session if any, origin checks. */
export function openGuards(ctx: Ctx): MiddlewareHandler<AdminEnv>[] {
  return [loadSession(ctx), csrfGuard(ctx, { requireToken: false })];
}
