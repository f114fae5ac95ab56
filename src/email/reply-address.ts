import type { Ctx } from "../context.js";
import { mac, sameBytes } from "./secret.js";

/**
 * `reply+<conversation id>-<20 hex of HMAC>@<INBOUND_DOMAIN>`. Lowercase hex rather than base64 because
 * mail systems may change the case of a local part, and short because a local part holds 64 characters.
 * 80 bits of MAC are enough: each guess costs an email.
 */
const LOCAL = /^reply\+(\d{1,15})-([0-9a-f]{20})$/;

function replyMac(ctx: Ctx, conversationId: number): Buffer {
  return Buffer.from(mac(ctx, "reply", String(conversationId)).toString("hex").slice(0, 20));
}

/** The domain replies arrive at, lowercased; undefined when inbound email is not set up. */
export function inboundDomain(ctx: Ctx): string | undefined {
  return ctx.config.INBOUND_DOMAIN?.trim().toLowerCase() || undefined;
}

/** Per-conversation reply address, or undefined when INBOUND_DOMAIN is unset (replies then cannot come back). */
export function makeReplyAddress(ctx: Ctx, conversationId: number): string | undefined {
  const domain = inboundDomain(ctx);
  if (!domain) return undefined;
  return `reply+${conversationId}-${replyMac(ctx, conversationId).toString()}@${domain}`;
}

/** The conversation a reply address stands for, or undefined when it is not one of ours or was altered. */
export function readReplyAddress(ctx: Ctx, address: string): number | undefined {
  const domain = inboundDomain(ctx);
  const at = address.lastIndexOf("@");
  if (!domain || at <= 0 || address.slice(at + 1).trim().toLowerCase() !== domain) return undefined;
  const m = LOCAL.exec(address.slice(0, at).trim().toLowerCase());
  if (!m) return undefined;
  const id = Number(m[1]);
  return sameBytes(Buffer.from(m[2]!), replyMac(ctx, id)) ? id : undefined;
}
