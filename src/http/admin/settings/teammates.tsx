import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Ctx } from "../../../context.js";
import { createInvite, listOpenInvites, revokeInvite } from "../../../operators/invites.js";
import { listOperators } from "../../../operators/queries.js";
import { assignableRoles, changeOperatorRole } from "../../../operators/roles.js";
import { sendInviteEmail } from "../../../operators/invite-email.js";
import { TeammatesSection, type InviteEmailOutcome, type TeammatesProps } from "../../../../views/settings/teammates.js";
import { requirePermission } from "../../middleware/session.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { formErrorsFrom, formStatus, readForm } from "../forms.js";
import { formAuth, notice } from "../render.js";
import { settingsPage } from "./page.js";

const inviteInput = z.object({
  email: z.email("Enter a valid email address.").max(254, "That email is too long."),
  role: z.enum(["owner", "admin", "agent"], "Pick a role."),
});
const roleInput = z.object({ role: z.enum(["owner", "admin", "agent"], "Pick a role.") });

type Section = (c: Context<AdminEnv>, extra?: Partial<TeammatesProps>, status?: 200 | 403 | 409 | 422) => Response | Promise<Response>;

/** `/settings/teammates`: list, role changes, invite links. */
export function teammatesRoutes(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", requirePermission("manage_teammates"));

  const section: Section = (c, extra = {}, status = 200) => {
    const me = c.var.operator!;
    const props: TeammatesProps = {
      me, teammates: listOperators(ctx), invites: listOpenInvites(ctx), assignable: assignableRoles(me), auth: formAuth(c),
      emailConfigured: Boolean(ctx.config.SMTP_URL), ...extra,
    };
    return settingsPage(c, "teammates", "Teammates", <TeammatesSection {...props} />, status);
  };

  app.get("/", (c) => section(c));

  app.post("/invites", (c) => invite(c, ctx, section));

  app.post("/invites/:id/revoke", (c) => {
    revokeInvite(ctx, c.var.operator!, c.req.param("id"));
    notice(c, "success", "Invite withdrawn: its link no longer works.");
    return section(c);
  });

  app.post("/:id/role", (c) => changeRole(c, ctx, section));
  return app;
}

/** Creates an invite and shows its link once; refusals re-render the form with the message. */
async function invite(c: Context<AdminEnv>, ctx: Ctx, section: Section): Promise<Response> {
  const form = await readForm(c, inviteInput);
  const values = { email: form.raw.email, role: form.raw.role };
  if (!form.ok) return section(c, { errors: form.errors, values }, 422);
  try {
    const { token, invite } = createInvite(ctx, c.var.operator!, form.data);
    const url = `${ctx.config.PUBLIC_URL}/invite/${token}`;
    // Sent after the invite is committed; a mail failure leaves the link to share by hand.
    const sent = await sendInviteEmail(ctx, { email: invite.email, role: invite.role, url, inviter: c.var.operator!.name });
    const emailed: InviteEmailOutcome =
      sent.status === "sent" ? { via: sent.via } : { via: "failed", error: sent.status === "suppressed" ? `address suppressed: ${sent.reason}` : sent.error.slice(0, 200) };
    notice(c, "success", emailed.via === "smtp" ? `Invite emailed to ${invite.email}.` : `Invite for ${invite.email} created. Copy the link below.`);
    return section(c, { inviteLink: { url, email: invite.email, emailed } });
  } catch (err) {
    const errors = formErrorsFrom(err);
    if (!errors) throw err;
    return section(c, { errors, values }, formStatus(err));
  }
}

/** Changes one teammate's role; refusals appear above the list. */
async function changeRole(c: Context<AdminEnv>, ctx: Ctx, section: Section): Promise<Response> {
  const form = await readForm(c, roleInput);
  if (!form.ok) return section(c, { errors: { _form: form.errors.role } }, 422);
  try {
    const op = changeOperatorRole(ctx, c.var.operator!, Number(c.req.param("id")), form.data.role);
    notice(c, "success", `${op.name} is now an ${op.role}.`);
    return section(c);
  } catch (err) {
    const errors = formErrorsFrom(err);
    if (!errors) throw err;
    return section(c, { errors: { _form: Object.values(errors)[0] } }, formStatus(err));
  }
}
