import { and, asc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { findContact } from "../contacts/index.js";
import { conversationParts } from "../db/schema/index.js";
import { buildEmail, compileTemplate, DEFAULT_LAYOUT, getMailer, makeReplyAddress, type CompiledTemplate, type SendResult } from "../email/index.js";
import { findOperator } from "../operators/queries.js";
import { getWorkspace } from "../workspaces/index.js";
import { htmlToText } from "./html.js";
import { findConversationById, findPart, type Conversation, type Part } from "./queries.js";

/**
 * The reply email. The message goes in as Liquid data (paragraphs of lines), never as markup, so MJML runs
 * once for every reply ever sent and each value is HTML-escaped by the template engine.
 */
const BODY = `{% for para in paragraphs %}<p>{% for line in para %}{{ line }}{% unless forloop.last %}<br>{% endunless %}{% endfor %}</p>{% endfor %}
{% if attachments.size > 0 %}<p><em>{{ attachments.size }} image{% if attachments.size > 1 %}s{% endif %} attached: open the conversation on our site to see {% if attachments.size > 1 %}them{% else %}it{% endif %}.</em></p>{% endif %}
<p>— {{ operator.name }}, {{ workspace.name }}</p>
<p><small>Reply to this email to answer {{ operator.first_name }}; your reply goes to the same conversation.</small></p>`;
const SUBJECT = "{% if subject %}Re: {{ subject }}{% else %}Your conversation with {{ workspace.name }}{% endif %}";

let template: Promise<CompiledTemplate> | undefined;
/** Compiled on first use, then shared by every reply. */
function replyTemplate(): Promise<CompiledTemplate> {
  return (template ??= compileTemplate(DEFAULT_LAYOUT, { html: BODY }, { subject: SUBJECT, preheader: "{{ preview }}" }).catch((err: unknown) => {
    template = undefined;
    throw err;
  }));
}

/** Plain text → paragraphs (blank-line separated) of lines, as the template loops over them. */
export function paragraphsOf(text: string): string[][] {
  return text.split(/\n\s*\n/).map((p) => p.split("\n").map((l) => l.trimEnd())).filter((p) => p.some((l) => l.trim() !== ""));
}

/** Message-IDs of the conversation's emails so far, in order (References; the last is In-Reply-To). */
export function threadMessageIds(ctx: Ctx, conversationId: number): string[] {
  const rows = ctx.db
    .select({ meta: conversationParts.meta })
    .from(conversationParts)
    .where(and(eq(conversationParts.conversationId, conversationId), sql`json_extract(${conversationParts.meta}, '$.email.messageId') IS NOT NULL`))
    .orderBy(asc(conversationParts.id))
    .all();
  return rows.map((r) => r.meta?.email?.messageId).filter((m): m is string => typeof m === "string").slice(-20);
}

/** Stores the Message-ID an outgoing reply got, so the next email threads under it. */
function recordSent(ctx: Ctx, part: Part, messageId: string): void {
  const meta = { ...(part.meta ?? {}), email: { messageId, direction: "out" as const } };
  ctx.db.update(conversationParts).set({ meta }).where(eq(conversationParts.id, part.id)).run();
}

export type ReplyEmailOutcome = { sent: false; reason: "no_email" | "not_a_reply" | "gone" } | { sent: true; result: SendResult };

/**
 * Sends an operator's public reply to the contact by email: from the operator's name, Reply-To the
 * conversation's reply address (so the answer comes back into the thread), In-Reply-To/References the
 * conversation's earlier emails. Call after the reply committed; never inside a transaction.
 */
export async function sendReplyEmail(ctx: Ctx, workspaceId: string, partId: number): Promise<ReplyEmailOutcome> {
  const part = findPart(ctx, workspaceId, partId);
  if (!part) return { sent: false, reason: "gone" };
  if (part.authorType !== "operator" || !part.public || (part.partType !== "comment" && part.partType !== "quick_reply")) return { sent: false, reason: "not_a_reply" };
  const conv = findConversationById(ctx, part.conversationId);
  const contact = conv && findContact(ctx, workspaceId, conv.contactId);
  if (!conv || !contact) return { sent: false, reason: "gone" };
  if (!contact.email) return { sent: false, reason: "no_email" };
  const tpl = await replyTemplate();
  const operator = part.authorId && part.authorId !== "0" ? findOperator(ctx, Number(part.authorId)) : undefined;
  const workspace = getWorkspace(ctx, workspaceId);
  const teamName = workspace.name.replace(/ \[test\]$/, "");
  const opName = operator?.name ?? teamName;
  const text = part.body ? htmlToText(part.body) : "";
  const refs = threadMessageIds(ctx, conv.id);
  const mail = buildEmail(ctx, tpl, { workspace: { id: workspace.id, name: teamName }, contact }, {
    track: false,
    transactional: true,
    fromName: operator ? `${opName} (${teamName})` : teamName,
    ...replyTo(ctx, conv),
    vars: {
      paragraphs: paragraphsOf(text),
      attachments: part.attachments.map((a) => a.name),
      operator: { name: opName, first_name: opName.split(/\s+/)[0] },
      subject: conv.subject ?? null,
      preview: text.replace(/\s+/g, " ").slice(0, 140),
    },
  });
  const result = await getMailer(ctx).send({
    ...mail,
    workspaceId,
    contactId: contact.id,
    transactional: true,
    ...(refs.length > 0 ? { inReplyTo: refs[refs.length - 1], references: refs } : {}),
  });
  if (result.status === "sent") recordSent(ctx, part, result.messageId);
  return { sent: true, result };
}

function replyTo(ctx: Ctx, conv: Conversation): { replyTo?: string } {
  const address = makeReplyAddress(ctx, conv.id);
  return address ? { replyTo: address } : {};
}
