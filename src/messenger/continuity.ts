import type { Ctx } from "../context.js";
import { findContact } from "../contacts/index.js";
import {
  appendEmailReply, findConversationById, notifyOperatorsOfConversation, sendReplyEmail, type ConversationEvent, type PartAddedEvent,
} from "../conversations/index.js";
import { onInboundEmail } from "../email/index.js";
import { MINUTE } from "../lib/clock.js";
import { listOperators } from "../operators/queries.js";
import { contactTopic, hubFor, onlineOperatorIds } from "../realtime/index.js";

/** What the continuity service is doing: tests and shutdown wait for `idle()`. */
export interface Continuity {
  /** Resolves once every email started so far has been handed to the mailer. */
  idle(): Promise<void>;
  stop(): void;
}

const running = new WeakMap<Ctx["bus"], Continuity>();

/**
 * Email continuity, started once per process (src/server.ts): an operator's reply to a contact who has had
 * no messenger open for MESSENGER_EMAIL_AFTER_MINUTES also goes by email; emailed answers (SMTP listener or
 * the HTTP relay endpoint) come back into the conversation; a new conversation nobody is online to see is
 * emailed to the team. Everything runs after commit (bus listeners), and a failed send is logged, never
 * undoing the chat message.
 */
export function startEmailContinuity(ctx: Ctx): Continuity {
  const existing = running.get(ctx.bus);
  if (existing) return existing;
  const pending = new Set<Promise<unknown>>();
  const track = (what: string, fields: Record<string, unknown>, work: () => Promise<unknown>) => {
    const p = work().catch((err: unknown) => ctx.log.error(`${what} failed`, { ...fields, err: err instanceof Error ? err.message : String(err) }));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const offs = [
    ctx.bus.on("conversation.part_added", (p) => {
      const e = p as unknown as PartAddedEvent;
      if (e.part.author.type !== "operator" || !e.part.public || (e.part.type !== "comment" && e.part.type !== "quick_reply")) return;
      if (!contactAway(ctx, e)) return;
      track("reply email", { conversationId: e.conversationId }, () => sendReplyEmail(ctx, e.workspaceId, Number(e.part.id)));
    }),
    ctx.bus.on("conversation.created", (p) => {
      const e = p as unknown as ConversationEvent;
      if (teamOnline(ctx, e.workspaceId)) return;
      track("new conversation email", { conversationId: e.conversationId }, () => notifyOperatorsOfConversation(ctx, Number(e.conversationId)));
    }),
    onInboundEmail((c, mail, route) => {
      if (c !== ctx) return;
      appendEmailReply(ctx, mail, route);
    }),
  ];
  const service: Continuity = {
    idle: async () => {
      await ctx.bus.settled();
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    stop: () => {
      offs.forEach((off) => off());
      running.delete(ctx.bus);
    },
  };
  running.set(ctx.bus, service);
  return service;
}

/**
 * True when the contact has had no messenger stream open for the configured minutes. A stream this process
 * never saw (or forgot) counts from the contact's last-seen time; a conversation started by email always mails.
 */
export function contactAway(ctx: Ctx, e: Pick<ConversationEvent, "workspaceId" | "contactId" | "conversationId">): boolean {
  const conv = findConversationById(ctx, Number(e.conversationId));
  if (conv?.channel === "email") return true;
  const presence = hubFor(ctx).presence(contactTopic(e.contactId));
  if (presence.subscribers > 0) return false;
  const last = presence.lastSubscribedAt ?? findContact(ctx, e.workspaceId, e.contactId)?.lastSeenAt ?? 0;
  return ctx.clock.now() - last >= ctx.config.MESSENGER_EMAIL_AFTER_MINUTES * MINUTE;
}

/** Some teammate not in away mode has the inbox open. */
export function teamOnline(ctx: Ctx, workspaceId: string): boolean {
  const online = onlineOperatorIds(hubFor(ctx), workspaceId);
  if (online.size === 0) return false;
  return listOperators(ctx).some((o) => online.has(o.id) && !o.awayMode);
}
