import { Hono } from "hono";
import type { Ctx } from "../../context.js";
import type { MessageType } from "../../ingest/index.js";
import type { Env } from "../env.js";
import { writeKeys } from "./auth.js";
import { preflight } from "./cors.js";
import { batchEndpoint, fail, guard, ok, singleEndpoint } from "./handlers.js";
import { settingsBody } from "./settings.js";

/** Single-message paths: the HTTP API names and analytics.js's one-letter ones. */
const SINGLE: Record<string, MessageType> = {
  identify: "identify", i: "identify", track: "track", t: "track", page: "page", p: "page",
  screen: "screen", s: "screen", group: "group", g: "group", alias: "alias", a: "alias",
};

/** The Segment Tracking API (COMPAT.md §5), mounted at `/v1`. */
export function segmentApp(ctx: Ctx): Hono<Env> {
  const app = new Hono<Env>();
  const keys = writeKeys(ctx);
  for (const [path, type] of Object.entries(SINGLE)) app.post(`/${path}`, guard(ctx, singleEndpoint(ctx, keys, type)));
  const batch = guard(ctx, batchEndpoint(ctx, keys));
  for (const path of ["/batch", "/import", "/b"]) app.post(path, batch);
  // analytics.js's sampled client metrics: accepted and ignored.
  app.post("/m", guard(ctx, async (c) => ok(c)));
  app.options("/*", preflight);
  app.get("/projects/:writeKey/settings", guard(ctx, async (c) => {
    const ws = keys.lookup(c.req.param("writeKey") ?? "");
    return ws ? c.json(settingsBody(ws.writeKey, ctx.config.PUBLIC_URL)) : fail(c, 404, "Unknown write key");
  }));
  return app;
}
