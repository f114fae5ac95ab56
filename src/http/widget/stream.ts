import type { HttpBindings } from "@hono/node-server";
import type { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { contactTopic, hubFor, openSse } from "../../realtime/index.js";
import { requireSession } from "./auth.js";
import type { WidgetEnv } from "./env.js";
import { startInAppPush } from "./inapp-push.js";

/**
 * `GET /messenger/stream?session=…[&last_event_id=…]`: the widget's EventSource. The topic comes from the
 * session only (`contact:<id>`: public parts, unread counts, seen receipts, operator typing), never from the
 * query, so a token can only ever hear its own contact. Resumes from Last-Event-ID after a drop.
 */
export function streamRoute(app: Hono<WidgetEnv>, ctx: Ctx): void {
  app.get("/messenger/stream", requireSession(ctx), (c) => {
    const origin = c.req.header("origin");
    // The stream is written straight to the socket, after which CORS middleware can add nothing.
    c.header("Access-Control-Allow-Origin", origin || "*");
    if (origin) c.header("Vary", "Origin");
    const hub = hubFor(ctx);
    // In-app messages that become due while the page is open arrive on this stream (`event: inapp`).
    startInAppPush(ctx, hub);
    return openSse(hub, {
      topics: [contactTopic(c.var.contact.id)],
      outgoing: (c.env as Partial<HttpBindings> | undefined)?.outgoing,
      lastEventId: c.req.header("last-event-id") ?? c.req.query("last_event_id"),
      headers: c.res.headers,
    });
  });
}
