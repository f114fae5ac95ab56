import type { MiddlewareHandler } from "hono";
import type { Ctx } from "../../context.js";
import { clientAddress } from "../client-ip.js";
import type { WidgetEnv } from "./env.js";

const WINDOW_MS = 60_000;
/** Beyond this many tracked addresses the table is cleared: a flood of spoofed sources cannot grow memory. */
const MAX_KEYS = 50_000;

/**
 * Boots per client address (see TRUST_PROXY) per minute (WIDGET_BOOT_RATE_LIMIT), in fixed one-minute windows kept in memory (one
 * process serves the widget). Boot is the only unauthenticated messenger call, and each one writes a contact;
 * past the limit the answer is a clear 429 with Retry-After, which the widget reports in the console.
 */
export function bootRateLimit(ctx: Ctx): MiddlewareHandler<WidgetEnv> {
  const windows = new Map<string, { start: number; used: number }>();
  return async (c, next) => {
    const limit = ctx.config.WIDGET_BOOT_RATE_LIMIT;
    const now = ctx.clock.now();
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    const key = clientAddress(c, ctx.config.TRUST_PROXY) ?? "unknown";
    let w = windows.get(key);
    if (!w || w.start !== start) {
      if (windows.size >= MAX_KEYS) windows.clear();
      windows.set(key, (w = { start, used: 0 }));
    }
    if (w.used >= limit) {
      const retryAfter = Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000));
      const message = `Too many messenger boots from this address: at most ${limit} per minute. Retry in ${retryAfter} s.`;
      return c.json({ error: "rate_limited", message, field: "app_id" }, 429, { "Retry-After": String(retryAfter) });
    }
    w.used++;
    await next();
  };
}

