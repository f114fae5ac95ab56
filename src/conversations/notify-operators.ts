import type { Ctx } from "../context.js";
import { findContact } from "../contacts/index.js";
import { compileTemplate, DEFAULT_LAYOUT, getMailer, type CompiledTemplate, type SendResult } from "../email/index.js";
import { listOperators } from "../operators/queries.js";
import { getWorkspace } from "../workspaces/index.js";
import { paragraphsOf } from "./email-reply.js";
import { htmlToText } from "./html.js";
import { findConversationById, listRecentParts } from "./queries.js";

const BODY = `<p><strong>{{ contact_name }}</strong> started a conversation in {{ workspace.name }}:</p>
{% for para in paragraphs %}<blockquote>{% for line in para %}{{ line }}{% unless forloop.last %}<br>{% endunless %}{% endfor %}</blockquote>{% endfor %}
<p><a href="{{ inbox_url }}">Answer in the inbox</a></p>
<p><small>You get this email because no teammate had the inbox open.</small></p>`;
const SUBJECT = "New conversation from {{ contact_name }}";

let template: Promise<CompiledTemplate> | undefined;
function notifyTemplate(): Promise<CompiledTemplate> {
  return (template ??= compileTemplate(DEFAULT_LAYOUT, { html: BODY }, { subject: SUBJECT, preheader: "{{ preview }}" }).catch((err: unknown) => {
    template = undefined;
    throw err;
  }));
}

/**
 * Emails every teammate about a conversation a contact just started (the caller decides that nobody is
 * online to see it). Instance-wide mail: no unsubscribe scope, no tracking. Sent outside any transaction;
 * without SMTP it lands in the outbox.
 */
export async function notifyOperatorsOfConversation(ctx: Ctx, conversationId: number): Promise<SendResult[]> {
  const conv = findConversationById(ctx, conversationId);
  if (!conv || conv.deliveredAs !== "customer_initiated") return [];
  const operators = listOperators(ctx).filter((o) => o.email);
  if (operators.length === 0) return [];
  const contact = findContact(ctx, conv.workspaceId, conv.contactId);
  const contactName = contact?.name || contact?.email || "A visitor";
  const first = listRecentParts(ctx, conv.id, 5).find((p) => p.authorType === "contact" && p.body);
  const text = first?.body ? htmlToText(first.body) : "(an image)";
  const workspace = getWorkspace(ctx, conv.workspaceId);
  const tpl = await notifyTemplate();
  const rendered = tpl.render({
    contact_name: contactName,
    workspace: { name: workspace.name },
    paragraphs: paragraphsOf(text.slice(0, 2000)),
    inbox_url: `${ctx.config.PUBLIC_URL}/inbox/${conv.id}?v=all`,
    preview: text.replace(/\s+/g, " ").slice(0, 140),
  });
  const mailer = getMailer(ctx);
  const results: SendResult[] = [];
  for (const op of operators) {
    results.push(await mailer.send({ ...rendered, to: { name: op.name, address: op.email }, fromName: "Parley", transactional: true }));
  }
  return results;
}
