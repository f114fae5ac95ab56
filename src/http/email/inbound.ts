import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Ctx } from "../../context.js";
import { MAX_INBOUND_BYTES, receiveInbound } from "../../email/index.js";
import { AppError } from "../../lib/errors.js";
import type { Env } from "../env.js";

/** The token a relay presents: `Authorization: Bearer <t>`, or Basic with the token as password (URL-embedded credentials). */
function presentedToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ""] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() === "bearer") return value;
  if (scheme?.toLowerCase() !== "basic") return undefined;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  return decoded.slice(decoded.indexOf(":") + 1);
}

/** Compares digests so neither length nor content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * `POST /inbound/email`: a relay posts one raw MIME message (any content type, e.g. message/rfc822).
 * Answers 202 once handled; 503 when nothing can take it yet, which relays retry. Disabled (404)
 * unless INBOUND_EMAIL_TOKEN is set.
 */
export function inboundRoutes(ctx: Ctx): Hono<Env> {
  const app = new Hono<Env>();
  app.post("/email", bodyLimit({ maxSize: MAX_INBOUND_BYTES, onError: (c) => c.json({ error: "payload_too_large" }, 413) }), async (c) => {
    const expected = ctx.config.INBOUND_EMAIL_TOKEN;
    if (!expected) return c.json({ error: "not_found" }, 404);
    const given = presentedToken(c.req.header("authorization"));
    if (!given || !sameSecret(given, expected)) return c.json({ error: "unauthorized" }, 401, { "WWW-Authenticate": 'Bearer realm="parley-inbound"' });
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (raw.length === 0) return c.json({ error: "validation", message: "The body must be a raw MIME message." }, 400);
    try {
      const outcome = await receiveInbound(ctx, raw, { via: "http" });
      return c.json({ ok: true, ...outcome }, 202);
    } catch (err) {
      if (err instanceof AppError && err.code === "PRECONDITION_FAILED") return c.json({ error: "unavailable", message: err.message }, 503);
      throw err;
    }
  });
  return app;
}
