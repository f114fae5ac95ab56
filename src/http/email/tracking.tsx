import { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { readClickToken, readOpenToken, recordEmailClick, recordEmailOpen } from "../../email/index.js";
import type { Env } from "../env.js";
import { sendPublicPage } from "./respond.js";
import { LinkInvalid } from "../../../views/email/public-page.js";

/** The smallest transparent GIF (43 bytes). */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/** Every open must reach the server: no cache along the way may answer for it. */
const NO_STORE = "no-store, no-cache, must-revalidate, private, max-age=0";

/** `/e/o/:token` (open pixel) and `/e/c/:token` (click redirect, only to the URL signed into the token). */
export function trackingRoutes(ctx: Ctx): Hono<Env> {
  const app = new Hono<Env>();
  app.get("/o/:token", (c) => {
    const ref = readOpenToken(ctx, c.req.param("token"));
    if (!ref) return c.body(null, 404, { "Cache-Control": NO_STORE });
    recordEmailOpen(ctx, ref);
    return c.body(new Uint8Array(PIXEL), 200, { "Content-Type": "image/gif", "Content-Length": String(PIXEL.length), "Cache-Control": NO_STORE });
  });
  app.get("/c/:token", (c) => {
    const ref = readClickToken(ctx, c.req.param("token"));
    // Signed or not, only web URLs are followed: a redirect to javascript: or data: is never issued.
    if (!ref || !/^https?:\/\//i.test(ref.url)) return sendPublicPage(c, <LinkInvalid />, 404);
    recordEmailClick(ctx, ref);
    c.header("Cache-Control", NO_STORE);
    c.header("Referrer-Policy", "no-referrer");
    return c.redirect(ref.url, 302);
  });
  return app;
}
