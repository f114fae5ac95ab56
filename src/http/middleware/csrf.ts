import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { Ctx } from "../../context.js";
import { AppError } from "../../lib/errors.js";
import type { AdminEnv } from "../admin/env.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Code on the FORBIDDEN error, so the admin error page can say what happened. */
export const CSRF_REFUSED = "csrf_refused";

/**
 * Guards state-changing admin requests in two layers:
 * 1. the browser's own signals: `Sec-Fetch-Site` must be same-origin (or "none") and `Origin`, when
 *    sent, must be Parley's (PUBLIC_URL or the Host the request came to);
 * 2. with `requireToken` and a session, the session's CSRF token from the `X-CSRF-Token` header (htmx,
 *    via hx-headers on <body>) or the `_csrf` form field (plain forms).
 * Signed-out forms (login, setup, invite) get layer 1 only: there is no session to bind a token to.
 */
export function csrfGuard(ctx: Ctx, opts: { requireToken: boolean }): MiddlewareHandler<AdminEnv> {
  const publicOrigin = new URL(ctx.config.PUBLIC_URL).origin;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const problem = crossSiteProblem(c, publicOrigin);
    if (problem) throw refused(problem);
    const session = c.var.session;
    if (opts.requireToken && session && !sameToken(session.csrfToken, await presentedToken(c))) {
      throw refused("The form was missing its security token or came from an older session.");
    }
    await next();
  };
}

function crossSiteProblem(c: Context, publicOrigin: string): string | undefined {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return "The request came from another website.";
  const origin = c.req.header("origin");
  if (origin === undefined) return undefined;
  if (origin === publicOrigin || origin === new URL(c.req.url).origin) return undefined;
  return "The request came from another website.";
}

async function presentedToken(c: Context): Promise<string | undefined> {
  const header = c.req.header("x-csrf-token");
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return undefined;
  // parseBody caches the parsed body, so handlers can read it again.
  const field = (await c.req.parseBody())._csrf;
  return typeof field === "string" ? field : undefined;
}

function sameToken(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refused(reason: string): AppError {
  return new AppError("FORBIDDEN", `${reason} Go back, reload the page and try again.`, { publicCode: CSRF_REFUSED });
}
