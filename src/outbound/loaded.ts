import type { Ctx } from "../context.js";
import { findMessageById, listVariants, type MessageWithVariants } from "./queries.js";

/** A message with its variants, as the sender and the enqueuer use it. */
export type LoadedMessage = MessageWithVariants;

/** The message and its variants by id alone, or undefined. */
export function getMessageForSend(ctx: Ctx, messageId: string): LoadedMessage | undefined {
  const m = findMessageById(ctx, messageId);
  return m ? { ...m, variants: listVariants(ctx, m.id) } : undefined;
}
