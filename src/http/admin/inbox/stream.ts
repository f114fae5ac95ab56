import type { HttpBindings } from "@hono/node-server";
import type { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { getConversation } from "../../../conversations/index.js";
import { conversationTopic, hubFor, inboxTopic, openSse, publishTyping } from "../../../realtime/index.js";
import type { AdminEnv } from "../env.js";
import { pathConversation } from "./pages.js";
import { operatorConnected } from "./presence.js";

/**
 * `GET /inbox/stream?c=<id>`: the inbox page's one SSE connection. It carries the workspace's `inbox:` topic
 * (conversation summaries: the list refreshes; operator presence) and, with `c`, that conversation's topic
 * (parts, notes included: the thread refreshes; typing). Both carry notes, so only signed-in operators reach
 * them (admin guards), and the conversation must belong to the current workspace. Resumes with Last-Event-ID.
 *
 * `POST /inbox/:id/typing` (typing=1|0): the operator's typing indicator, shown to teammates and the contact.
 */
export function streamRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/stream", (c) => {
    const ws = c.var.workspace.id;
    const topics = [inboxTopic(ws)];
    const open = c.req.query("c");
    if (open) topics.push(conversationTopic(getConversation(ctx, ws, open).id));
    const hub = hubFor(ctx);
    const left = operatorConnected(hub, ws, c.var.operator!.id);
    return openSse(hub, {
      topics,
      outgoing: (c.env as Partial<HttpBindings> | undefined)?.outgoing,
      lastEventId: c.req.header("last-event-id") ?? c.req.query("last_event_id"),
      headers: c.res.headers,
      onClose: left,
    });
  });

  app.post("/:id{[0-9]+}/typing", async (c) => {
    const conv = pathConversation(c, ctx);
    const op = c.var.operator!;
    const typing = (await c.req.parseBody()).typing !== "0";
    publishTyping(hubFor(ctx), { conversationId: String(conv.id), contactId: conv.contactId, author: { type: "operator", id: String(op.id), name: op.name }, typing });
    return c.body(null, 204);
  });
}
