import type { Context, Hono } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { messageInput, parseBody } from "../../messenger/index.js";
import {
  answerInApp, clickInApp, countUnreadInApp, dismissInApp, dueInAppMessages, inAppInbox, markInAppShown, openInApp, replyToInApp,
  type InAppView,
} from "../../outbound/index.js";
import { requireSession } from "./auth.js";
import type { WidgetEnv } from "./env.js";
import { jsonBody } from "./request.js";

const listQuery = z.object({ url: z.string().min(1).max(2048).regex(/^https?:\/\//, "must be an http(s) URL") });
const answerInput = z.object({ value: z.string().min(1).max(255) });

/** The JSON the widget reads (snake_case, like the rest of /messenger). */
function payload(v: InAppView) {
  return {
    id: v.id, message_id: v.messageId, channel: v.channel, title: v.title, body_html: v.bodyHtml, sender_name: v.senderName,
    position: v.position, delay_seconds: v.delaySeconds, replies: v.replies, answer: v.answer, button: v.button,
    allow_reply: v.allowReply, conversation_id: v.conversationId, sent_at: v.sentAt, dismissed: v.dismissed, read: v.read,
  };
}

/**
 * In-app messages for the session's contact: `GET /messenger/inapp?url=` (what to show on this page, the posts
 * in the messenger and their unread count), then one POST per thing the contact does with a delivery. A
 * delivery of another contact is a 404, whatever its id.
 */
export function inAppRoutes(app: Hono<WidgetEnv>, ctx: Ctx): void {
  app.use("/messenger/inapp", requireSession(ctx));
  app.use("/messenger/inapp/*", requireSession(ctx));
  const who = (c: Context<WidgetEnv>) => ({ workspaceId: c.var.workspace.id, contactId: c.var.contact.id });
  const unread = (c: Context<WidgetEnv>) => countUnreadInApp(ctx, c.var.workspace.id, c.var.contact.id);

  app.get("/messenger/inapp", (c) => {
    const { url } = parseBody(listQuery, { url: c.req.query("url") });
    const { workspaceId, contactId } = who(c);
    return c.json({
      messages: dueInAppMessages(ctx, workspaceId, contactId, url).map(payload),
      inbox: inAppInbox(ctx, workspaceId, contactId).map(payload),
      unread_count: unread(c),
    });
  });

  const actions = { shown: markInAppShown, dismiss: dismissInApp, open: openInApp, click: clickInApp };
  for (const [name, act] of Object.entries(actions)) {
    app.post(`/messenger/inapp/:id/${name}`, (c) => c.json({ message: payload(act(ctx, who(c), c.req.param("id"))), unread_count: unread(c) }));
  }

  app.post("/messenger/inapp/:id/answer", async (c) => {
    const { value } = parseBody(answerInput, await jsonBody(c));
    return c.json({ message: payload(answerInApp(ctx, who(c), c.req.param("id"), value)), unread_count: unread(c) });
  });

  app.post("/messenger/inapp/:id/reply", async (c) => {
    const input = parseBody(messageInput, await jsonBody(c));
    const res = replyToInApp(ctx, who(c), c.req.param("id"), input.body, input.client_message_id);
    return c.json({ message: payload(res.view), conversation_id: res.conversationId, unread_count: unread(c) }, 201);
  });
}
