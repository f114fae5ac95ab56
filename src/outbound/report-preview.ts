import type { Contact } from "../contacts/index.js";
import type { Ctx } from "../context.js";
import { buildEmail, compileTemplate, DEFAULT_LAYOUT, getMailer, previewHtml, type OutgoingMail, type SendResult } from "../email/index.js";
import { invalid } from "../lib/errors.js";
import { inAppContent } from "./inapp-rules.js";
import { inAppBodyHtml } from "./inapp-render.js";
import type { MessageWithVariants, Variant } from "./queries.js";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A custom MJML layout of a variant (`content.layout`), else the workspace default. */
function layoutOf(v: Variant): string {
  const custom = (v.content as { layout?: unknown } | null)?.layout;
  return typeof custom === "string" && custom.trim() ? custom : DEFAULT_LAYOUT;
}

/** The variant asked for, or A. */
export function pickPreviewVariant(m: MessageWithVariants, variantId: string | undefined): Variant {
  const v = (variantId ? m.variants.find((x) => x.id === variantId) : undefined) ?? m.variants[0];
  if (!v) throw invalid("variant", "This message has no content yet.");
  return v;
}

async function renderEmail(ctx: Ctx, workspace: { id: string; name: string }, m: MessageWithVariants, v: Variant, contact: Contact, transactional: boolean): Promise<OutgoingMail> {
  const body = v.bodyFormat === "html" ? { html: v.body } : { markdown: v.body };
  const tpl = await compileTemplate(layoutOf(v), body, { subject: v.subject ?? "", preheader: v.preheader ?? "" });
  const sender = m.sender as { name?: string } | null;
  return buildEmail(ctx, tpl, { workspace, contact }, { track: false, transactional, ...(sender?.name ? { fromName: sender.name } : {}) });
}

/**
 * The message as `contact` would get it (Liquid filled in), for the admin preview: email HTML without the open
 * pixel or tracked links; in-app bodies as the widget renders them, with their buttons and quick replies.
 * Invalid Liquid or MJML is a VALIDATION error naming the line.
 */
export async function previewMessage(ctx: Ctx, workspace: { id: string; name: string }, m: MessageWithVariants, v: Variant, contact: Contact): Promise<{ subject?: string; html: string }> {
  if (m.channel === "email") {
    if (!contact.email) throw invalid("contact", "This contact has no email address.");
    const mail = await renderEmail(ctx, workspace, m, v, contact, false);
    return { subject: mail.subject, html: previewHtml(ctx, mail.html) };
  }
  const c = inAppContent(v.content);
  const extras = [
    ...c.replies.map((r) => `<button type="button">${escapeHtml(r.label)}</button>`),
    ...(c.button ? [`<a href="${escapeHtml(c.button.url)}">${escapeHtml(c.button.label)}</a>`] : []),
  ];
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font:15px/1.5 system-ui,sans-serif;margin:1.25rem;color:#1f2430}` +
    `button,a{display:inline-block;margin:.25rem .4rem 0 0;padding:.35rem .8rem;border:1px solid #c9d6ff;border-radius:999px;background:#eef2ff;color:#1f3fb8;text-decoration:none}</style></head>` +
    `<body>${inAppBodyHtml(v.body, v.bodyFormat)}${extras.length ? `<p>${extras.join("")}</p>` : ""}</body></html>`;
  return { html };
}

/**
 * Sends one variant, personalized for `contact`, to an operator's own address with "[Test]" in the subject.
 * It is transactional (no unsubscribe link that could unsubscribe the contact) and untracked; without SMTP it
 * lands in the outbox like any mail.
 */
export async function sendTestMessage(ctx: Ctx, workspace: { id: string; name: string }, m: MessageWithVariants, v: Variant, contact: Contact, to: string): Promise<SendResult> {
  if (m.channel !== "email") throw invalid("channel", "Only emails can be sent as a test; use the preview for in-app messages.");
  const mail = await renderEmail(ctx, workspace, m, v, { ...contact, email: contact.email ?? to }, true);
  return getMailer(ctx).send({ ...mail, to, subject: `[Test] ${mail.subject}`, workspaceId: workspace.id, contactId: undefined, deliveryId: undefined });
}
