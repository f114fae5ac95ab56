import { and, eq } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import type { Contact } from "../contacts/index.js";
import { renderSavedReply, startConversation } from "../conversations/index.js";
import { deliveries } from "../db/schema/index.js";
import { getOperator } from "../operators/queries.js";
import type { LoadedMessage } from "./loaded.js";
import type { Delivery } from "./queries.js";

/**
 * Sends a chat delivery: an admin-initiated conversation from the message's author (the API when none), written
 * in the same transaction as the delivery's `sent`, so a crash leaves either both or neither. The delivery id is
 * the conversation's client message id, so even a repeat could not open a second conversation.
 */
export function sendChat(ctx: Ctx, m: LoadedMessage, d: Delivery, contact: Contact): boolean {
  const variant = m.variants.find((v) => v.id === d.variantId);
  try {
    const op = m.createdBy !== null ? safeOperator(ctx, m.createdBy) : undefined;
    const vars = {
      contact: { name: contact.name, email: contact.email, user_id: contact.externalId, first_name: contact.name?.trim().split(/\s+/)[0] || null, custom_attributes: contact.customAttributes },
      operator: { name: op?.name ?? "", email: op?.email ?? "" },
    };
    const body = renderSavedReply({ body: variant?.body ?? "" }, vars);
    const now = ctx.clock.now();
    withTx(ctx, () => {
      const { conversation } = startConversation(ctx, m.workspaceId, {
        contactId: contact.id, author: { type: "operator", operatorId: op?.id ?? 0 }, body, format: variant?.bodyFormat === "html" ? "html" : "text",
        channel: "chat", clientMessageId: d.id,
      });
      ctx.db.update(deliveries).set({ status: "sent", sentAt: now, conversationId: conversation.id, error: null, updatedAt: now })
        .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "claimed"))).run();
    });
    ctx.bus.publish("delivery.sent", { workspaceId: d.workspaceId, contactId: d.contactId, messageId: d.messageId, deliveryId: d.id, channel: "chat" });
    return true;
  } catch (e) {
    ctx.db.update(deliveries).set({ status: "failed", error: (e instanceof Error ? e.message : String(e)).slice(0, 500), updatedAt: ctx.clock.now() })
      .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "claimed"))).run();
    return false;
  }
}

function safeOperator(ctx: Ctx, id: number) {
  try {
    return getOperator(ctx, id);
  } catch {
    return undefined;
  }
}
