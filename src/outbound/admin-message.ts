import { withTx, type Ctx } from "../context.js";
import { invalid } from "../lib/errors.js";
import { enqueueDelivery } from "./enqueue.js";
import { parseMessageInput } from "./inputs.js";
import { createMessage, publishMessage, transition } from "./manage.js";
import type { Delivery, MessageWithVariants } from "./queries.js";
import { sendOne } from "./send.js";

export interface AdminMessageInput {
  channel: "email" | "chat";
  contactId: string;
  /** The teammate it comes from; undefined = the workspace's API. */
  operatorId?: number | undefined;
  subject?: string | undefined;
  body: string;
  bodyFormat: "markdown" | "html";
}

/**
 * A teammate's (or the API's) one-to-one message to a contact — Intercom's `POST /messages` — sent by the delivery
 * engine like any campaign: a one-off message whose audience is that contact, one delivery, then sent at once
 * through the sender's own steps (claim, rules, send, record). So it is tracked (opens, clicks), respects
 * suppressions and unsubscribes, shows in the contact's timeline and the messages report. It bypasses the frequency
 * cap (someone chose to write to this person); quiet hours and the rules still apply, and a deferred message is
 * sent by the job when they allow. A chat opens an admin-initiated conversation (`delivery.conversationId`).
 */
export async function sendAdminMessage(ctx: Ctx, workspaceId: string, input: AdminMessageInput): Promise<{ message: MessageWithVariants; delivery: Delivery }> {
  const subject = input.subject?.trim() ?? "";
  if (input.channel === "email" && !subject) throw invalid("subject", "An email needs a subject");
  if (subject.length > 500) throw invalid("subject", "The subject is longer than 500 characters");
  if (!input.body.trim()) throw invalid("body", "The message has no body");
  const label = (subject || input.body.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim().slice(0, 80);
  const draft = createMessage(ctx, workspaceId, parseMessageInput({
    name: `Direct: ${label}`, channel: input.channel, audience: { contactId: input.contactId }, bypassCap: true,
    variants: [{ subject: input.channel === "email" ? subject : null, body: input.body, bodyFormat: input.bodyFormat }],
  }), input.operatorId);
  const { message, delivery } = withTx(ctx, () => {
    const now = ctx.clock.now();
    const message = transition(ctx, workspaceId, draft.id, ["draft"], "sending", { startedAt: now, audienceEnqueuedAt: now });
    const delivery = enqueueDelivery(ctx, { workspaceId, messageId: draft.id, contactId: input.contactId });
    if (!delivery) throw new Error("the delivery of a new message exists already");
    return { message, delivery };
  });
  publishMessage(ctx, message);
  const after = await sendOne(ctx, delivery.id);
  return { message, delivery: after ?? delivery };
}
