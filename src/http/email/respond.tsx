import type { Context } from "hono";
import type { Child } from "hono/jsx";

/**
 * Headers of the public email pages: no scripts, nothing loaded from elsewhere, never framed, never
 * cached, and no Referer, since the URL itself carries the recipient's token.
 */
const HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
};

/** Sends one of the public email pages (unsubscribe, invalid link). */
export function sendPublicPage(c: Context, node: Child, status: 200 | 400 | 404 = 200): Response | Promise<Response> {
  for (const [k, v] of Object.entries(HEADERS)) c.header(k, v);
  return c.html(<>{node}</>, status);
}
