import type { Context } from "hono";

const ALLOW_METHODS = "POST, OPTIONS";
const ALLOW_HEADERS = "Content-Type, Authorization, X-Retry-Count";

/**
 * analytics.js posts from the customer's pages with an Authorization header, so browsers preflight every
 * call and need these headers on the answers too. The origin is echoed (any site may send events with its
 * public write key); `Vary` keeps shared caches from mixing origins.
 */
export function corsHeaders(c: Context): void {
  const origin = c.req.header("origin");
  c.header("Access-Control-Allow-Origin", origin || "*");
  if (origin) c.header("Vary", "Origin");
}

/** `OPTIONS /v1/*`: the preflight answer, cached by the browser for a day. */
export function preflight(c: Context): Response {
  corsHeaders(c);
  c.header("Access-Control-Allow-Methods", ALLOW_METHODS);
  c.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
  c.header("Access-Control-Max-Age", "86400");
  return c.body(null, 204);
}
