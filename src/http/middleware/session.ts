import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Ctx } from "../../context.js";
import { clientAddress } from "../client-ip.js";
import { hasOperators } from "../../operators/login.js";
import { assertCan, type Permission } from "../../operators/roles.js";
import { createSession, endSession, resolveSession, SESSION_MAX_MS } from "../../operators/sessions.js";
import { clearAdminCookie, sessionCookieName, setAdminCookie } from "../admin/cookies.js";
import type { AdminEnv } from "../admin/env.js";

/** The client's address for login throttling (see TRUST_PROXY); "unknown" without a socket (tests). */
export function clientIp(c: Context, ctx: Ctx): string {
  return clientAddress(c, ctx.config.TRUST_PROXY) ?? "unknown";
}

/** Loads the operator behind the session cookie, if any; never refuses by itself. */
export function loadSession(ctx: Ctx): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookieName(ctx));
    const found = token ? resolveSession(ctx, token) : undefined;
    c.set("session", found?.session);
    c.set("operator", found?.operator);
    c.set("operatorId", found?.operator.id ?? null);
    await next();
  };
}

/**
 * Lets only signed-in operators through. Pages redirect to sign-in (remembering where to return);
 * htmx requests get 401 plus HX-Redirect, because swapping a login form into a fragment makes no sense.
 */
export function requireOperator(ctx: Ctx): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (c.var.operator) return next();
    const target = !hasOperators(ctx) ? "/setup" : c.req.method === "GET" ? `/login?next=${encodeURIComponent(pathWithQuery(c))}` : "/login";
    if (c.req.header("hx-request") === "true") {
      c.header("HX-Redirect", target);
      return c.body(null, 401);
    }
    return c.redirect(target, 303);
  };
}

/** Refuses (403 page) operators whose role lacks `permission`. Use after requireOperator. */
export function requirePermission(permission: Permission): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    assertCan(c.var.operator!, permission);
    await next();
  };
}

/** Signs `operatorId` in: a fresh session (never reusing one the browser brought) and its cookie. */
export function startSession(c: Context<AdminEnv>, ctx: Ctx, operatorId: number): void {
  const previous = getCookie(c, sessionCookieName(ctx));
  if (previous) endSession(ctx, previous);
  const { token } = createSession(ctx, operatorId, { ip: clientIp(c, ctx), userAgent: c.req.header("user-agent") });
  setAdminCookie(c, sessionCookieName(ctx), token, Math.floor(SESSION_MAX_MS / 1000));
}

/** Signs the browser out: deletes the session row and the cookie. */
export function stopSession(c: Context<AdminEnv>, ctx: Ctx): void {
  const token = getCookie(c, sessionCookieName(ctx));
  if (token) endSession(ctx, token);
  clearAdminCookie(c, sessionCookieName(ctx));
}

/** Path plus query string of the current request. */
export function pathWithQuery(c: Context): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

/** A same-site path to return to after sign-in, or undefined for anything that could leave Parley. */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return undefined;
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.test" would turn into "//evil.test".
  return /[\u0000-\u001f\u007f]/.test(next) || next.length > 512 ? undefined : next;
}
