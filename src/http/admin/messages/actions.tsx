import type { Context, Hono } from "hono";
import type { Contact } from "../../../contacts/index.js";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import type { AuditAction } from "../../../operators/audit.js";
import {
  archiveMessage, cancelMessage, launchMessage, pauseMessage, pickPreviewVariant, previewMessage, promoteVariant, resumeMessage, sendTestMessage,
  type MessageWithVariants,
} from "../../../outbound/index.js";
import { PreviewFrame } from "../../../../views/messages/preview.js";
import type { AdminEnv } from "../env.js";
import { sendHtml } from "../render.js";
import { auditMessage, go, pathMessage, readBody, resolveContact } from "./shared.js";

type Verb = (ctx: Ctx, ws: string, id: string) => MessageWithVariants | Promise<MessageWithVariants>;

const LIFECYCLE: Record<string, { run: Verb; audit: AuditAction; done: (m: MessageWithVariants) => string }> = {
  launch: {
    run: launchMessage, audit: "message.launched",
    done: (m) => (m.status === "scheduled" ? `Scheduled “${m.name}”.` : m.status === "live" ? `“${m.name}” is live.` : `Sending “${m.name}”.`),
  },
  pause: { run: pauseMessage, audit: "message.paused", done: (m) => `Paused “${m.name}”.` },
  resume: { run: resumeMessage, audit: "message.resumed", done: (m) => `Resumed “${m.name}”.` },
  cancel: { run: cancelMessage, audit: "message.cancelled", done: (m) => `Cancelled “${m.name}”.` },
  archive: { run: archiveMessage, audit: "message.archived", done: (m) => `Archived “${m.name}”.` },
};

/** A refusal the operator can read (wrong state, missing subject…) goes back to the message page as a flash. */
function refused(c: Context<AdminEnv>, id: string, err: unknown): Response {
  if (!(err instanceof AppError) || !["VALIDATION", "CONFLICT", "PRECONDITION_FAILED"].includes(err.code)) throw err;
  return go(c, `/messages/${id}`, "error", err.message);
}

/** A stand-in recipient for a test send without a chosen contact: the operator, with no attributes. */
function operatorContact(c: Context<AdminEnv>): Contact {
  const op = c.var.operator!;
  return { id: "preview", workspaceId: c.var.workspace.id, role: "user", name: op.name, email: op.email, customAttributes: {} } as unknown as Contact;
}

/** Launch / pause / resume / cancel / archive, promote a variant, preview as a contact, test send. */
export function actionRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.post("/:id/:verb{launch|pause|resume|cancel|archive}", async (c) => {
    const m = pathMessage(c, ctx);
    const action = LIFECYCLE[c.req.param("verb")]!;
    try {
      const done = await action.run(ctx, m.workspaceId, m.id);
      auditMessage(c, ctx, action.audit, done, { status: done.status });
      return go(c, `/messages/${m.id}`, "success", action.done(done));
    } catch (err) {
      return refused(c, m.id, err);
    }
  });

  app.post("/:id/promote", async (c) => {
    const m = pathMessage(c, ctx);
    const body = await readBody(c);
    const variantId = typeof body.variant === "string" ? body.variant : "";
    try {
      const done = promoteVariant(ctx, m.workspaceId, m.id, variantId);
      const label = done.variants.find((v) => v.id === variantId)?.label;
      auditMessage(c, ctx, "message.variant_promoted", done, { variant: label });
      return go(c, `/messages/${m.id}`, "success", `Variant ${label} now goes to everyone.`);
    } catch (err) {
      return refused(c, m.id, err);
    }
  });

  app.get("/:id/preview", async (c) => {
    const m = pathMessage(c, ctx);
    const ws = c.var.workspace;
    try {
      const contact = resolveContact(ctx, ws.id, c.req.query("contact") ?? "", "contact");
      const v = pickPreviewVariant(m, c.req.query("variant"));
      const r = await previewMessage(ctx, { id: ws.id, name: ws.name }, m, v, contact);
      return sendHtml(c, <PreviewFrame result={{ contactLabel: contact.name ?? contact.email ?? contact.externalId ?? contact.id, variantLabel: v.label, ...r }} />);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
      return sendHtml(c, <PreviewFrame result={{ contactLabel: "", variantLabel: "", error: err.message }} />, 422);
    }
  });

  app.post("/:id/test", async (c) => {
    const m = pathMessage(c, ctx);
    const ws = c.var.workspace;
    const body = await readBody(c);
    const typed = typeof body.contact === "string" ? body.contact : "";
    try {
      const contact = typed.trim() ? resolveContact(ctx, ws.id, typed, "contact") : operatorContact(c);
      const v = pickPreviewVariant(m, typeof body.variant === "string" ? body.variant : undefined);
      const to = c.var.operator!.email;
      const result = await sendTestMessage(ctx, { id: ws.id, name: ws.name }, m, v, contact, to);
      auditMessage(c, ctx, "message.test_sent", m, { variant: v.label, to, status: result.status });
      const text = result.status === "sent"
        ? (result.via === "outbox" ? `Test of variant ${v.label} is in the outbox (no SMTP server is set up).` : `Test of variant ${v.label} sent to ${to}.`)
        : result.status === "suppressed" ? `Not sent: ${to} is on the suppression list (${result.reason}).` : `Not sent: ${result.error}`;
      return sendHtml(c, <span role="status" id="test-status">{text}</span>);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
      return sendHtml(c, <span role="alert" class="field-error" id="test-status">{err.message}</span>, 422);
    }
  });
}
