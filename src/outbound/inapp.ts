import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, or } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { deliveries, messages, messageVariants } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";
import { INAPP_CHANNELS, inAppContent, urlMatches, type InAppChannel, type QuickReply } from "./inapp-rules.js";
import { inAppBodyHtml, personalVars } from "./inapp-render.js";
import type { ReplyVars } from "../conversations/index.js";
import type { Delivery, Message, Variant } from "./queries.js";
import { capAllows, getOutboundSettings } from "./settings.js";

/** What the widget gets for one in-app delivery. */
export interface InAppView {
  id: string;
  messageId: string;
  channel: InAppChannel;
  /** Variant subject, shown as the post's title. */
  title: string | null;
  /** Sanitized HTML; the widget still rebuilds it node by node. */
  bodyHtml: string;
  senderName: string | null;
  position: "top" | "bottom";
  delaySeconds: number;
  replies: QuickReply[];
  answer: string | null;
  button: { label: string; url: string } | null;
  allowReply: boolean;
  conversationId: string | null;
  sentAt: number | null;
  dismissed: boolean;
  read: boolean;
}

interface Row {
  d: Delivery;
  m: Message;
  v: Variant | null;
}

/**
 * Message statuses whose queued in-app deliveries may still appear: a finished one-off (`sent`) keeps waiting for
 * the contacts who have not visited since; paused, cancelled and archived messages show nothing.
 */
export const SHOWING = ["live", "sending", "sent"] as const;
/** Posts kept in the messenger inbox. */
const INBOX_LIMIT = 50;

/** The widget's view of a delivery; `vars` personalizes the body (Liquid). */
export function inAppView(r: Row, vars?: ReplyVars): InAppView {
  const content = inAppContent(r.v?.content);
  const display = r.m.display as { delaySeconds?: number; position?: string };
  const html = r.v ? inAppBodyHtml(r.v.body, r.v.bodyFormat, vars) : "";
  return {
    id: r.d.id,
    messageId: r.m.id,
    channel: r.d.channel as InAppChannel,
    title: r.v?.subject?.trim() || null,
    bodyHtml: html,
    senderName: r.m.sender?.name?.trim() || null,
    position: display.position === "bottom" ? "bottom" : "top",
    delaySeconds: r.d.channel === "banner" ? 0 : Math.max(0, Number(display.delaySeconds) || 0),
    replies: content.replies,
    answer: r.d.answer,
    button: content.button,
    allowReply: r.d.channel === "post" && content.allowReply,
    conversationId: r.d.conversationId === null ? null : String(r.d.conversationId),
    sentAt: r.d.sentAt,
    dismissed: r.d.dismissedAt !== null,
    read: r.d.openedAt !== null || r.d.repliedAt !== null,
  };
}

function joined(ctx: Ctx) {
  return ctx.db
    .select({ d: deliveries, m: messages, v: messageVariants })
    .from(deliveries)
    .innerJoin(messages, eq(messages.id, deliveries.messageId))
    .leftJoin(messageVariants, eq(messageVariants.id, deliveries.variantId));
}

/**
 * In-app deliveries the contact should see on `pageUrl` now, highest priority first: new ones (queued, due,
 * within the frequency cap unless the message bypasses it) and ones already shown but not yet dismissed,
 * answered or replied to. Only messages still showing (`SHOWING`) and not expired, on pages matching their
 * URL pattern. Under a daily cap, at most one new capped interruption per page view: showing it spends the cap.
 */
export function dueInAppMessages(ctx: Ctx, workspaceId: string, contactId: string, pageUrl: string): InAppView[] {
  const at = ctx.clock.now();
  const rows = joined(ctx)
    .where(and(
      eq(deliveries.workspaceId, workspaceId),
      eq(deliveries.contactId, contactId),
      inArray(deliveries.channel, [...INAPP_CHANNELS]),
      inArray(messages.status, [...SHOWING]),
      or(isNull(messages.expiresAt), gt(messages.expiresAt, at)),
      or(
        and(eq(deliveries.status, "queued"), lte(deliveries.notBefore, at)),
        and(eq(deliveries.status, "sent"), isNull(deliveries.dismissedAt), isNull(deliveries.repliedAt), isNull(deliveries.answer)),
      ),
    ))
    .orderBy(desc(messages.priority), asc(deliveries.createdAt), asc(deliveries.id))
    .all();
  const out: InAppView[] = [];
  const settings = getOutboundSettings(ctx, workspaceId);
  const capped = settings.cap.interruptionsPerDay !== null;
  let spent = false;
  let vars: ReplyVars | undefined;
  for (const r of rows) {
    if (!urlMatches((r.m.display as { urlPattern?: string }).urlPattern, pageUrl)) continue;
    if (r.d.status === "queued" && !r.m.bypassCap && capped) {
      if (spent || !capAllows(ctx, workspaceId, contactId, r.d.channel, at, settings)) continue;
      spent = true;
    }
    out.push(inAppView(r, (vars ??= personalVars(ctx, workspaceId, contactId))));
  }
  return out;
}

/** Posts the contact has been shown: the messenger's message list, newest first. */
export function inAppInbox(ctx: Ctx, workspaceId: string, contactId: string): InAppView[] {
  const rows = joined(ctx)
    .where(and(eq(deliveries.workspaceId, workspaceId), eq(deliveries.contactId, contactId), eq(deliveries.channel, "post"), eq(deliveries.status, "sent"), isNotNull(deliveries.sentAt)))
    .orderBy(desc(deliveries.sentAt), desc(deliveries.id))
    .limit(INBOX_LIMIT)
    .all();
  if (rows.length === 0) return [];
  const vars = personalVars(ctx, workspaceId, contactId);
  return rows.map((r) => inAppView(r, vars));
}

/** Dismissed posts the contact has not opened from the messenger (nor answered with a chat). */
export function countUnreadInApp(ctx: Ctx, workspaceId: string, contactId: string): number {
  return ctx.db.select({ n: count() }).from(deliveries)
    .where(and(
      eq(deliveries.workspaceId, workspaceId), eq(deliveries.contactId, contactId), eq(deliveries.channel, "post"), eq(deliveries.status, "sent"),
      isNotNull(deliveries.dismissedAt), isNull(deliveries.openedAt), isNull(deliveries.repliedAt),
    ))
    .get()?.n ?? 0;
}

/** One of the contact's in-app deliveries with its message and variant; NOT_FOUND for anybody else's. */
export function getInAppRow(ctx: Ctx, workspaceId: string, contactId: string, deliveryId: string): Row {
  const r = joined(ctx)
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.workspaceId, workspaceId), eq(deliveries.contactId, contactId), inArray(deliveries.channel, [...INAPP_CHANNELS])))
    .get();
  if (!r) throw notFound("Message not found");
  return r;
}
