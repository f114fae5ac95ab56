import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Env } from "../env.js";

/** Gives each request an id (kept from X-Request-Id when sane) and echoes it back. */
export function requestId(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const given = c.req.header("x-request-id");
    const id = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
  };
}
