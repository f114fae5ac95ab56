import type { MiddlewareHandler } from "hono";
import type { Ctx } from "../../context.js";
import { errorResponse } from "../api/errors.js";
import type { ApiEnv } from "./api-auth.js";

const WINDOW_MS = 10_000;

/**
 * Per-token limit in 10-second windows of `API_RATE_LIMIT / 6` requests, as Intercom enforces its
 * per-minute limit. Runs after apiAuth. State is in memory: one process serves the API.
 * `X-RateLimit-Reset` is the window end in epoch seconds: intercom-client sleeps until then on 429.
 */
export function rateLimit(ctx: Ctx): MiddlewareHandler<ApiEnv> {
  const limit = Math.max(1, Math.floor(ctx.config.API_RATE_LIMIT / 6));
  const windows = new Map<string, { start: number; used: number }>();
  return async (c, next) => {
    const now = ctx.clock.now();
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    const key = c.get("apiTokenId");
    let w = windows.get(key);
    if (!w || w.start !== start) {
      w = { start, used: 0 };
      windows.set(key, w);
    }
    const reset = String((start + WINDOW_MS) / 1000);
    const headers = { "X-RateLimit-Limit": String(limit), "X-RateLimit-Reset": reset };
    if (w.used >= limit) {
      const retryAfter = String(Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000)));
      const res = errorResponse(c, 429, "rate_limit_exceeded", "Exceeded rate limit of " + limit + " requests per 10 seconds");
      for (const [k, v] of Object.entries({ ...headers, "X-RateLimit-Remaining": "0", "Retry-After": retryAfter })) res.headers.set(k, v);
      return res;
    }
    w.used++;
    const remaining = String(limit - w.used);
    await next();
    for (const [k, v] of Object.entries({ ...headers, "X-RateLimit-Remaining": remaining })) c.header(k, v);
  };
}
