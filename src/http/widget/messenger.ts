import type { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { countUnreadForContact } from "../../conversations/index.js";
import { submitEvent } from "../../events/index.js";
import { AppError } from "../../lib/errors.js";
import {
  bootInput, bootMessenger, emailInput, eventInput, issueSession, listWidgetConversations, messengerAppearance, parseBody, supplyEmail, updateInput,
  updateMessenger, widgetTeam,
} from "../../messenger/index.js";
import { hubFor } from "../../realtime/index.js";
import { findWorkspaceByIdCode } from "../../workspaces/index.js";
import { requireSession } from "./auth.js";
import type { WidgetEnv } from "./env.js";
import { bootRateLimit } from "./rate-limit.js";
import { jsonBody, visitOf } from "./request.js";

/** `POST /messenger/boot`: the only call without a session; it returns one. */
export function bootRoute(app: Hono<WidgetEnv>, ctx: Ctx): void {
  app.post("/messenger/boot", bootRateLimit(ctx), async (c) => {
    const input = parseBody(bootInput, await jsonBody(c));
    const ws = findWorkspaceByIdCode(ctx, input.app_id);
    if (!ws) throw new AppError("NOT_FOUND", `No messenger for app_id ${input.app_id}`, { field: "app_id" });
    // Taken before state is read: a stream opened from it replays whatever happens in between.
    const eventId = hubFor(ctx).eventId();
    const { contact, identity } = await bootMessenger(ctx, ws, input, visitOf(c, ctx.config.TRUST_PROXY));
    const session = issueSession(ctx, { workspaceId: ws.id, contactId: contact.id, visitorId: input.anonymous_id });
    return c.json({
      session: session.token,
      expires_at: session.expiresAt,
      contact: { id: contact.id, role: contact.role, user_id: contact.externalId, verified: identity.verified, has_email: Boolean(contact.email) },
      unread_count: countUnreadForContact(ctx, ws.id, contact.id),
      conversations: listWidgetConversations(ctx, ws.id, contact.id),
      settings: messengerAppearance(ctx, ws.id, ws.name),
      team: widgetTeam(ctx, ws.id),
      event_id: eventId,
    });
  });
}

/** Everything after boot: bound to the session's contact. */
export function sessionRoutes(app: Hono<WidgetEnv>, ctx: Ctx): void {
  app.use("/messenger/update", requireSession(ctx));
  app.use("/messenger/events", requireSession(ctx));
  app.use("/messenger/email", requireSession(ctx));
  app.use("/messenger/conversations", requireSession(ctx));
  app.use("/messenger/conversations/*", requireSession(ctx));

  app.post("/messenger/update", async (c) => {
    const input = parseBody(updateInput, await jsonBody(c));
    const written = await updateMessenger(ctx, c.var.workspace, c.var.contact, c.var.session.visitorId, input, visitOf(c, ctx.config.TRUST_PROXY));
    return c.json({ ok: true, throttled: !written, unread_count: countUnreadForContact(ctx, c.var.workspace.id, c.var.contact.id) });
  });

  // "Get replies by email": an anonymous visitor leaves an address on its lead.
  app.post("/messenger/email", async (c) => {
    const input = parseBody(emailInput, await jsonBody(c));
    const contact = supplyEmail(ctx, c.var.workspace, c.var.contact, input.email);
    return c.json({ ok: true, has_email: Boolean(contact.email) });
  });

  app.post("/messenger/events", async (c) => {
    const input = parseBody(eventInput, await jsonBody(c));
    const ev = { name: input.event_name, createdAt: ctx.clock.now(), contact: { id: c.var.contact.id }, metadata: input.metadata };
    submitEvent(ctx, c.var.workspace.id, ev);
    return c.json({ ok: true }, 202);
  });
}
