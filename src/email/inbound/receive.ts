import type { Ctx } from "../../context.js";
import { AppError } from "../../lib/errors.js";
import { inboundDomain, readReplyAddress } from "../reply-address.js";
import { readUnsubscribeToken } from "../tokens.js";
import { unsubscribeContact } from "../tracking.js";
import { parseInbound, type InboundEmail } from "./parse.js";

/** How a received message reached Parley, and which conversation its reply address names. */
export interface InboundRoute {
  via: "smtp" | "http";
  /** Every recipient seen: the SMTP envelope, To, Cc, Delivered-To, X-Original-To. Lowercased. */
  recipients: string[];
  /** Set when one recipient is a valid `reply+…` address. */
  conversationId?: number | undefined;
}

/** Receives parsed mail. Throw AppError NOT_FOUND/VALIDATION to refuse a message for good; other errors ask the sender to retry. */
export type InboundHandler = (ctx: Ctx, mail: InboundEmail, route: InboundRoute) => void | Promise<void>;

const handlers: InboundHandler[] = [];

/** Registers the handler for received email (the conversations domain does); returns a function that removes it. */
export function onInboundEmail(handler: InboundHandler): () => void {
  handlers.push(handler);
  return () => {
    const i = handlers.indexOf(handler);
    if (i >= 0) handlers.splice(i, 1);
  };
}

export type InboundOutcome = { handled: "unsubscribe" } | { handled: "handler"; conversationId?: number | undefined };

/**
 * Parses a raw message and routes it: a mail to `unsubscribe@INBOUND_DOMAIN` whose subject holds a valid
 * unsubscribe token (the List-Unsubscribe mailto) unsubscribes; everything else goes to the registered
 * handlers with the conversation its reply address names. With no handler registered the message is
 * refused as PRECONDITION_FAILED, which senders treat as "try again later".
 */
export async function receiveInbound(ctx: Ctx, raw: Buffer | string, opts: { via: "smtp" | "http"; envelope?: string[] }): Promise<InboundOutcome> {
  const mail = await parseInbound(raw);
  const recipients = [...new Set([...(opts.envelope ?? []), ...mail.to.map((a) => a.address), ...mail.cc.map((a) => a.address), ...mail.deliveredTo]
    .map((a) => a.trim().toLowerCase()))];
  const domain = inboundDomain(ctx);
  if (domain && recipients.includes(`unsubscribe@${domain}`)) {
    const token = /unsubscribe\s+(\S+)/i.exec(mail.subject)?.[1];
    const ref = token ? readUnsubscribeToken(ctx, token) : undefined;
    if (ref) {
      unsubscribeContact(ctx, ref, "mailto");
      return { handled: "unsubscribe" };
    }
  }
  const conversationId = recipients.map((a) => readReplyAddress(ctx, a)).find((id) => id !== undefined);
  if (handlers.length === 0) throw new AppError("PRECONDITION_FAILED", "No inbound email handler is registered.");
  const route: InboundRoute = { via: opts.via, recipients, conversationId };
  for (const h of [...handlers]) await h(ctx, mail, route);
  return { handled: "handler", conversationId };
}
