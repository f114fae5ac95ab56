import type { AddressObject, EmailAddress } from "mailparser";
import { invalid } from "../../lib/errors.js";
import type { Address } from "../types.js";
import { stripQuotedReply } from "./strip-quote.js";

/** What an attachment was, without its bytes (handlers that store files re-read the raw message). */
export interface InboundAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
}

/** A received email, parsed. `reply` is `text` with quoted history and signature removed. */
export interface InboundEmail {
  from: Address | null;
  to: Address[];
  cc: Address[];
  /** Delivered-To / X-Original-To: where a relay says it delivered the message. */
  deliveredTo: string[];
  subject: string;
  text: string;
  reply: string;
  html: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  date: number | null;
  attachments: InboundAttachment[];
}

/** Mailparser flattens groups only on request; `undisclosed-recipients:` style groups nest addresses. */
function flatten(list: EmailAddress[]): Address[] {
  return list.flatMap((a) => (a.group ? flatten(a.group) : a.address ? [{ name: a.name || null, address: a.address }] : []));
}

function addresses(v: AddressObject | AddressObject[] | undefined): Address[] {
  if (!v) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((o) => flatten(o.value));
}

function headerStrings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  const text = (v as { text?: unknown } | undefined)?.text;
  return typeof text === "string" ? [text] : [];
}

/** Raw MIME → InboundEmail (mailparser). A message that cannot be read is a VALIDATION error. */
export async function parseInbound(raw: Buffer | string): Promise<InboundEmail> {
  const { simpleParser } = await import("mailparser");
  let m;
  try {
    m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (err) {
    throw invalid("message", `Unreadable email: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = m.text ?? "";
  const refs = m.references ? (Array.isArray(m.references) ? m.references : m.references.split(/\s+/)) : [];
  return {
    from: addresses(m.from)[0] ?? null,
    to: addresses(m.to),
    cc: addresses(m.cc),
    deliveredTo: [...headerStrings(m.headers.get("delivered-to")), ...headerStrings(m.headers.get("x-original-to"))],
    subject: m.subject ?? "",
    text,
    reply: stripQuotedReply(text),
    html: typeof m.html === "string" ? m.html : null,
    messageId: m.messageId ?? null,
    inReplyTo: m.inReplyTo ?? null,
    references: refs.filter(Boolean),
    date: m.date ? m.date.getTime() : null,
    attachments: m.attachments.map((a) => ({
      filename: a.filename ?? null, contentType: a.contentType, size: a.size,
      contentId: a.contentId ?? null, inline: a.contentDisposition === "inline",
    })),
  };
}
