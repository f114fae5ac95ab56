import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import { audienceIds, createMessage, parseMessageInput, updateMessage, type Message, type MessageWithVariants } from "../../../outbound/index.js";
import { AudienceCount } from "../../../../views/messages/editor-audience.js";
import { MessageEditor } from "../../../../views/messages/editor.js";
import { setFlash } from "../cookies.js";
import type { AdminEnv } from "../env.js";
import { formAuth, page, sendHtml } from "../render.js";
import { audienceFromForm, FORM_VARIANTS, inputFromForm, type MessageForm } from "./form.js";
import { blankForm, formFromMessage } from "./form-values.js";
import { auditMessage, findContactByAny, formErrors, pathMessage, readBody, segmentOptions } from "./shared.js";

/** Enabled variant labels in form order: domain errors name variants by position. */
const labelsOf = (f: MessageForm) => FORM_VARIANTS.filter((l, i) => i === 0 || (typeof f[`v${l}_enabled`] === "string" && f[`v${l}_enabled`] !== ""));

/** How many contacts an audience reaches right now (a stand-in message: the percent cut differs per message id). */
export function countAudience(ctx: Ctx, workspaceId: string, audience: Record<string, unknown>): number {
  const stand = { id: "msg_count", workspaceId, audience } as unknown as Message;
  return audienceIds(ctx, stand, ctx.clock.now()).length;
}

/** The "one contact" field holds what the operator typed: an email or user id becomes the contact id. */
function resolveAudienceContact(ctx: Ctx, workspaceId: string, f: MessageForm): MessageForm {
  const typed = typeof f.aud_contact === "string" ? f.aud_contact.trim() : "";
  if (!typed) return f;
  const c = findContactByAny(ctx, workspaceId, typed);
  if (!c) throw new AppError("VALIDATION", `No contact with the email, user ID or contact ID “${typed.slice(0, 100)}”.`, { field: "audience.contactId" });
  return { ...f, aud_contact: c.id };
}

function safeCount(ctx: Ctx, workspaceId: string, f: MessageForm): number | undefined {
  try {
    const input = parseMessageInput({ name: "count", channel: "email", audience: audienceFromForm(resolveAudienceContact(ctx, workspaceId, f)) });
    return countAudience(ctx, workspaceId, input.audience);
  } catch (err) {
    if (err instanceof AppError) return undefined;
    throw err;
  }
}

/** `/messages/new`, `POST /messages`, `/messages/:id/edit`, `POST /messages/:id`, and the live audience count. */
export function editRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  const show = (c: Context<AdminEnv>, values: MessageForm, errors: Record<string, string> = {}, message?: MessageWithVariants) => {
    const ws = c.var.workspace.id;
    const fragment = (
      <MessageEditor values={values} errors={errors} segments={segmentOptions(ctx, ws)} auth={formAuth(c)} audienceCount={safeCount(ctx, ws, values)}
        message={message ? { id: message.id, name: message.name, status: message.status } : undefined} />
    );
    return page(c, { title: message ? `Edit ${message.name}` : "New message", active: "messages", fragment, status: Object.keys(errors).length ? 422 : 200 });
  };

  app.get("/new", (c) => show(c, blankForm({ segment: c.req.query("segment"), channel: c.req.query("channel"), kind: c.req.query("kind") })));

  app.post("/audience-count", async (c) => {
    const f = await readBody(c);
    const ws = c.var.workspace.id;
    try {
      const input = parseMessageInput({ name: "count", channel: "email", audience: audienceFromForm(resolveAudienceContact(ctx, ws, f)) });
      return sendHtml(c, <AudienceCount count={countAudience(ctx, ws, input.audience)} />);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
      return sendHtml(c, <AudienceCount error={err.message} />);
    }
  });

  app.post("/", async (c) => {
    const f = await readBody(c);
    const ws = c.var.workspace.id;
    try {
      const input = parseMessageInput(inputFromForm(resolveAudienceContact(ctx, ws, f)));
      const m = createMessage(ctx, ws, input, c.var.operator!.id);
      auditMessage(c, ctx, "message.created", m, { channel: m.channel, kind: m.kind });
      setFlash(c, "success", `Saved “${m.name}” as a draft.`);
      return c.redirect(`/messages/${m.id}`, 303);
    } catch (err) {
      const errors = formErrors(err, labelsOf(f));
      if (!errors) throw err;
      return show(c, f, errors);
    }
  });

  app.get("/:id/edit", (c) => {
    const m = pathMessage(c, ctx);
    return show(c, formFromMessage(m), {}, m);
  });

  app.post("/:id", async (c) => {
    const m = pathMessage(c, ctx);
    const f = await readBody(c);
    try {
      const patch = parseMessageInput(inputFromForm(resolveAudienceContact(ctx, m.workspaceId, f)), { partial: true });
      // Once a broadcast is sending its audience is fixed (the form shows it read-only and does not submit it).
      if (m.kind === "one_off" && !["draft", "scheduled"].includes(m.status)) delete patch.audience;
      const saved = updateMessage(ctx, m.workspaceId, m.id, patch);
      auditMessage(c, ctx, "message.updated", saved);
      setFlash(c, "success", `Saved “${saved.name}”.`);
      return c.redirect(`/messages/${m.id}`, 303);
    } catch (err) {
      const errors = formErrors(err, labelsOf(f));
      if (!errors) throw err;
      return show(c, f, errors, m);
    }
  });
}
