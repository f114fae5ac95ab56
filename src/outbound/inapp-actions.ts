import { and, eq } from "drizzle-orm";
import { updateContact } from "../contacts/index.js";
import type { Ctx } from "../context.js";
import { addPart, escapeHtml, MAX_BODY, startConversation } from "../conversations/index.js";
import { deliveries } from "../db/schema/index.js";
import { submitEvent } from "../events/index.js";
import { AppError, invalid } from "../lib/errors.js";
import { capAllows } from "./settings.js";
import { getInAppRow, inAppView, SHOWING, type InAppView } from "./inapp.js";
import { inAppContent } from "./inapp-rules.js";
import { personalVars } from "./inapp-render.js";
import { recordDeliveryOutcome } from "./outcomes.js";

type Who = { workspaceId: string; contactId: string };

const fresh = (ctx: Ctx, who: Who, id: string) =>
  inAppView(getInAppRow(ctx, who.workspaceId, who.contactId, id), personalVars(ctx, who.workspaceId, who.contactId));

/**
 * The widget displayed a delivery. The first time, it becomes `sent` (sentAt, seenAt) if the message still
 * shows (live, sending or sent, not expired) and, unless it bypasses it, the frequency cap still allows it: a
 * CONFLICT otherwise, and the widget shows nothing. Showing it again (another page) changes nothing.
 */
export function markInAppShown(ctx: Ctx, who: Who, id: string): InAppView {
  const { d, m } = getInAppRow(ctx, who.workspaceId, who.contactId, id);
  if (d.status === "sent") return fresh(ctx, who, id);
  const at = ctx.clock.now();
  const showing = (SHOWING as readonly string[]).includes(m.status) && (m.expiresAt === null || m.expiresAt > at);
  if (d.status !== "queued" || d.notBefore > at || !showing) throw new AppError("CONFLICT", "This message is no longer shown");
  if (!m.bypassCap && !capAllows(ctx, who.workspaceId, who.contactId, d.channel, at)) throw new AppError("CONFLICT", "Frequency cap reached");
  const claimed = ctx.db.update(deliveries).set({ status: "sent", sentAt: at, updatedAt: at })
    .where(and(eq(deliveries.id, id), eq(deliveries.status, "queued"))).run();
  if (claimed.changes === 1) {
    ctx.bus.publish("delivery.sent", { workspaceId: who.workspaceId, contactId: who.contactId, messageId: m.id, deliveryId: id, channel: d.channel });
    recordDeliveryOutcome(ctx, id, "seen", at);
  }
  return fresh(ctx, who, id);
}

/** Only deliveries the contact has been shown take outcomes. */
function shownRow(ctx: Ctx, who: Who, id: string) {
  const row = getInAppRow(ctx, who.workspaceId, who.contactId, id);
  if (row.d.status !== "sent") throw new AppError("CONFLICT", "This message has not been shown");
  return row;
}

/** Closed by the contact (a post then waits, unread, in the messenger). Idempotent. */
export function dismissInApp(ctx: Ctx, who: Who, id: string): InAppView {
  shownRow(ctx, who, id);
  recordDeliveryOutcome(ctx, id, "dismissed", ctx.clock.now());
  return fresh(ctx, who, id);
}

/** Opened from the messenger's message list: read. Idempotent. */
export function openInApp(ctx: Ctx, who: Who, id: string): InAppView {
  shownRow(ctx, who, id);
  recordDeliveryOutcome(ctx, id, "opened", ctx.clock.now());
  return fresh(ctx, who, id);
}

/** The banner's (or post's) button was followed. Idempotent. */
export function clickInApp(ctx: Ctx, who: Who, id: string): InAppView {
  const { v } = shownRow(ctx, who, id);
  if (!inAppContent(v?.content).button) throw invalid("button", "This message has no button");
  recordDeliveryOutcome(ctx, id, "clicked", ctx.clock.now());
  return fresh(ctx, who, id);
}

/**
 * A quick reply: the first answer is kept on the delivery (`answered`), recorded as an event (the variant's
 * `content.event`, default `quick_reply`, metadata `{ message_id, choice }`) and written to `content.attribute`
 * when set. Answering again returns the first answer and records nothing more.
 */
export function answerInApp(ctx: Ctx, who: Who, id: string, value: string): InAppView {
  const { m, v } = shownRow(ctx, who, id);
  const content = inAppContent(v?.content);
  const choice = content.replies.find((r) => r.value === value);
  if (!choice) throw invalid("value", `value must be one of: ${content.replies.map((r) => r.value).join(", ") || "(no quick replies)"}`);
  const at = ctx.clock.now();
  // Only the first answer counts (the outcome returns false once an answer is stored).
  if (recordDeliveryOutcome(ctx, id, "answered", at, { answer: choice.value })) {
    submitEvent(ctx, who.workspaceId, { name: content.event, createdAt: at, contact: { id: who.contactId }, metadata: { message_id: m.id, choice: choice.value } });
    if (content.attribute) updateContact(ctx, who.workspaceId, who.contactId, { customAttributes: { [content.attribute]: choice.value } });
  }
  return fresh(ctx, who, id);
}

/**
 * The contact answered a post with text: the post becomes a conversation whose first part is the message (from
 * its author, or the API) and the next the contact's reply. Later replies through here join that conversation.
 */
export function replyToInApp(ctx: Ctx, who: Who, id: string, body: string, clientMessageId?: string): { view: InAppView; conversationId: string } {
  const { d, m } = shownRow(ctx, who, id);
  if (body.trim() === "" || body.length > MAX_BODY) throw invalid("body", `body must be 1-${MAX_BODY} characters`);
  const view = fresh(ctx, who, id);
  if (!view.allowReply) throw invalid("body", "This message does not take replies");
  let conversationId = d.conversationId;
  if (conversationId === null) {
    const opening = (view.title ? `<p><strong>${escapeHtml(view.title)}</strong></p>` : "") + view.bodyHtml;
    const started = startConversation(ctx, who.workspaceId, {
      contactId: who.contactId, author: { type: "operator", operatorId: m.createdBy ?? 0 }, body: opening || "<p>…</p>", format: "html",
    });
    conversationId = started.conversation.id;
    ctx.db.update(deliveries).set({ conversationId, updatedAt: ctx.clock.now() }).where(eq(deliveries.id, id)).run();
  }
  addPart(ctx, who.workspaceId, conversationId, { author: { type: "contact", contactId: who.contactId }, body, clientMessageId });
  recordDeliveryOutcome(ctx, id, "replied", ctx.clock.now());
  return { view: fresh(ctx, who, id), conversationId: String(conversationId) };
}
