import type { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { countUnreadForContact } from "../../conversations/index.js";
import {
  contactTyping, listWidgetConversations, messageInput, parseBody, readInput, readInWidget, replyInWidget, startWidgetConversation, typingInput,
  widgetTeam, widgetThread,
} from "../../messenger/index.js";
import { hubFor, publishTyping } from "../../realtime/index.js";
import type { WidgetEnv } from "./env.js";
import { jsonBody } from "./request.js";

/** The contact's conversations (the session middleware is already attached to these paths). */
export function conversationRoutes(app: Hono<WidgetEnv>, ctx: Ctx): void {
  app.get("/messenger/conversations", (c) =>
    c.json({
      conversations: listWidgetConversations(ctx, c.var.workspace.id, c.var.contact.id),
      unread_count: countUnreadForContact(ctx, c.var.workspace.id, c.var.contact.id),
      team: widgetTeam(ctx, c.var.workspace.id),
    }));

  app.get("/messenger/conversations/:id", (c) => c.json(widgetThread(ctx, c.var.workspace.id, c.var.contact.id, c.req.param("id"))));

  app.post("/messenger/conversations", async (c) => {
    const input = parseBody(messageInput, await jsonBody(c));
    const res = startWidgetConversation(ctx, c.var.workspace.id, c.var.contact.id, input.body, input.client_message_id);
    return c.json({ ...res, client_message_id: input.client_message_id ?? null }, res.duplicate ? 200 : 201);
  });

  app.post("/messenger/conversations/:id/messages", async (c) => {
    const input = parseBody(messageInput, await jsonBody(c));
    const res = replyInWidget(ctx, c.var.workspace.id, c.var.contact.id, c.req.param("id"), input.body, input.client_message_id);
    return c.json({ ...res, client_message_id: input.client_message_id ?? null }, res.duplicate ? 200 : 201);
  });

  app.post("/messenger/conversations/:id/read", async (c) => {
    const input = parseBody(readInput, await jsonBody(c));
    const upTo = input.up_to_part_id === undefined ? undefined : Number(input.up_to_part_id);
    const res = readInWidget(ctx, c.var.workspace.id, c.var.contact.id, c.req.param("id"), upTo);
    return c.json({ unread_count: res.unreadCount });
  });

  app.post("/messenger/conversations/:id/typing", async (c) => {
    const input = parseBody(typingInput, await jsonBody(c));
    const { conversationId } = contactTyping(ctx, c.var.workspace.id, c.var.contact.id, c.req.param("id"));
    const author = { type: "contact" as const, id: c.var.contact.id, name: c.var.contact.name };
    publishTyping(hubFor(ctx), { conversationId, contactId: c.var.contact.id, author, typing: input.typing });
    return c.body(null, 204);
  });
}
