import type { MiddlewareHandler } from "hono";
import type { Ctx } from "../../context.js";
import { AppError } from "../../lib/errors.js";
import { findWorkspaceByToken, noteTokenUse } from "../../workspaces/index.js";
import type { Env } from "../env.js";

/** Env of the Intercom-shaped API: adds the id of the token that authenticated the request. */
export interface ApiEnv {
  Variables: Env["Variables"] & { apiTokenId: string };
}

/**
 * Authenticates `/api` requests by access token: `Bearer <token>`, or HTTP Basic with the token as
 * the username (intercom-client ≤ 5 and intercom.io send it that way). Any `Intercom-Version` is accepted.
 */
export function apiAuth(ctx: Ctx): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = presentedToken(c.req.header("authorization"));
    const found = token ? findWorkspaceByToken(ctx, token) : undefined;
    if (!found) throw new AppError("UNAUTHORIZED", "Access Token Invalid");
    c.set("workspace", found.workspace);
    c.set("apiTokenId", found.token.id);
    c.set("operatorId", found.token.operatorId);
    noteTokenUse(ctx, found.token.id);
    await next();
  };
}

/** The token in an Authorization header, or undefined. */
export function presentedToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return undefined;
  if (/^bearer$/i.test(scheme)) return value;
  if (!/^basic$/i.test(scheme)) return undefined;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  // Some clients put the token in the password slot with an empty username.
  return user || (colon === -1 ? undefined : decoded.slice(colon + 1)) || undefined;
}
