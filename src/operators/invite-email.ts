import type { Ctx } from "../context.js";
import { compileTemplate, DEFAULT_LAYOUT, getMailer, type CompiledTemplate, type SendResult } from "../email/index.js";
import type { OperatorRole } from "./create.js";

const BODY = `<p>{{ inviter }} invited you to join the team on Parley with the <strong>{{ role }}</strong> role.</p>
<p><a href="{{ url }}">Accept the invite</a></p>
<p><small>The link works once and expires in 7 days. If you did not expect this email, you can ignore it.</small></p>`;
const SUBJECT = "{{ inviter }} invited you to Parley";

let template: Promise<CompiledTemplate> | undefined;
function inviteTemplate(): Promise<CompiledTemplate> {
  return (template ??= compileTemplate(DEFAULT_LAYOUT, { html: BODY }, { subject: SUBJECT, preheader: "Join your team on Parley" }).catch((err: unknown) => {
    template = undefined;
    throw err;
  }));
}

/**
 * Emails an invite link to its teammate-to-be. Instance-wide mail (no workspace, no tracking); with SMTP configured
 * it goes out, otherwise it lands in the outbox. Call after the invite is committed, outside any transaction.
 */
export async function sendInviteEmail(ctx: Ctx, input: { email: string; role: OperatorRole; url: string; inviter: string }): Promise<SendResult> {
  const tpl = await inviteTemplate();
  const rendered = tpl.render({ inviter: input.inviter, role: input.role, url: input.url });
  return getMailer(ctx).send({ ...rendered, to: input.email, fromName: "Parley", transactional: true });
}
