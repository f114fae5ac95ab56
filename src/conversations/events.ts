import type { Ctx } from "../context.js";
import type { Reader } from "./inputs.js";
import type { Conversation, Part } from "./queries.js";
import { conversationPayload, partPayload, type ConversationPayload, type PartPayload } from "./views.js";

/**
 * Bus payloads of the conversation events. Verbs publish them only after their transaction committed;
 * src/realtime/bridge.ts turns them into hub messages. Parts are published in id (= commit) order.
 */
export interface ConversationEvent {
  workspaceId: string;
  contactId: string;
  conversationId: string;
  conversation: ConversationPayload;
}

/** `conversation.part_added`: one per new part, with the conversation as it is after the verb. */
export interface PartAddedEvent extends ConversationEvent {
  part: PartPayload;
}

/** `conversation.read`: a reader's marker moved forward. */
export interface ReadEvent extends ConversationEvent {
  reader: { type: Reader["type"]; id: string };
  lastReadPartId: string;
}

function base(c: Conversation): ConversationEvent {
  return { workspaceId: c.workspaceId, contactId: c.contactId, conversationId: String(c.id), conversation: conversationPayload(c) };
}

/** `conversation.created`, then `conversation.part_added` for its opening parts. */
export function publishCreated(ctx: Ctx, c: Conversation, parts: Part[]): void {
  ctx.bus.publish("conversation.created", { ...base(c) });
  publishParts(ctx, c, parts);
}

/** One `conversation.part_added` per part, in order. */
export function publishParts(ctx: Ctx, c: Conversation, parts: Part[]): void {
  for (const p of parts) {
    const event: PartAddedEvent = { ...base(c), part: partPayload(p) };
    ctx.bus.publish("conversation.part_added", { ...event });
  }
}

/** `conversation.updated`: title, custom attributes or the team read flag changed (no part was added). */
export function publishUpdated(ctx: Ctx, c: Conversation): void {
  ctx.bus.publish("conversation.updated", { ...base(c) });
}

/** `conversation.read`. */
export function publishRead(ctx: Ctx, c: Conversation, reader: Reader, lastReadPartId: number): void {
  const id = reader.type === "contact" ? reader.contactId : String(reader.operatorId);
  const event: ReadEvent = { ...base(c), reader: { type: reader.type, id }, lastReadPartId: String(lastReadPartId) };
  ctx.bus.publish("conversation.read", { ...event });
}

/** `conversation.deleted`. */
export function publishDeleted(ctx: Ctx, c: Conversation): void {
  ctx.bus.publish("conversation.deleted", { ...base(c) });
}
