import type { Context, MiddlewareHandler } from "hono";

/**
 * The widget calls /messenger/* from the customer's origin with its session token in the Authorization
 * header (no cookies), so any origin may call: echo it, allow that header, and never allow credentials.
 */
export function messengerCors(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c);
    await next();
    allowOrigin(c);
  };
}

function allowOrigin(c: Context): void {
  const origin = c.req.header("origin");
  c.res.headers.set("Access-Control-Allow-Origin", origin || "*");
  if (origin) c.res.headers.append("Vary", "Origin");
}

function preflight(c: Context): Response {
  const origin = c.req.header("origin");
  return c.body(null, 204, {
    "Access-Control-Allow-Origin": origin || "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Authorization, Last-Event-ID",
    "Access-Control-Max-Age": "86400",
    ...(origin ? { Vary: "Origin" } : {}),
  });
}
