import type { Ctx } from "../context.js";
import {
  conversationPayload, countUnreadForContact, findConversation, findConversationById, listContactPartsAfter, listParts, maxPartId, parseConversationId, partPayload,
  type ConversationEvent, type PartAddedEvent, type ReadEvent,
} from "../conversations/index.js";
import type { BusEvent, BusPayload } from "../lib/bus.js";
import type { Hub, ReplayItem } from "./hub.js";
import { contactTopic, conversationTopic, inboxTopic } from "./topics.js";

/** More missed parts than this and a resuming stream gets `reset` (reload) instead of a replay. */
const MAX_REPLAY = 500;

/** Parts that change what the contact sees of a conversation's state. */
const CONTACT_STATE_PARTS = new Set(["open", "close", "timer_unsnooze"]);

const unread = (ctx: Ctx, e: ConversationEvent) => ({ count: countUnreadForContact(ctx, e.workspaceId, e.contactId) });

/**
 * Turns committed conversation events from the bus into hub messages (the bus already delivers after the
 * writing transaction), and teaches the hub to rebuild conversation and contact topics from stored parts.
 *
 * conversation:<id> (operators): part, conversation, read, deleted, typing
 * contact:<id> (the widget): part (public only; a team message carries `unread`), conversation (open/close), unread (after
 *   reads and resumes), read (seen receipts), typing, merged
 * inbox:<workspaceId> (operators): conversation (with the new part, if any), deleted, presence
 */
export function bridgeConversations(ctx: Ctx, hub: Hub): void {
  hub.advanceCursor(maxPartId(ctx));
  const handlers = routes(ctx, hub);
  for (const [name, fn] of Object.entries(handlers) as [BusEvent, (p: BusPayload) => void][]) {
    ctx.bus.on(name, (p) => {
      // After shutdown the database may already be closed, and nobody is listening anyway.
      if (hub.closed) return;
      try {
        fn(p);
      } catch (err) {
        // Thrown here it would be an uncaught exception (the bus emits from setImmediate).
        ctx.log.error("realtime bridge failed", { event: name, err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    });
  }
  hub.setReplaySource("conversation", (topic, after, upTo) => replayConversation(ctx, topic, after, upTo));
  hub.setReplaySource("contact", (topic, after, upTo) => replayContact(ctx, topic, after, upTo));
}

const as = <T>(p: BusPayload) => p as unknown as T;

/** Which hub messages each bus event becomes. */
function routes(ctx: Ctx, hub: Hub): Partial<Record<BusEvent, (p: BusPayload) => void>> {
  return {
    "conversation.part_added": (p) => {
      const e = as<PartAddedEvent>(p);
      const cursor = Number(e.part.id);
      const data = { conversationId: e.conversationId, part: e.part, conversation: e.conversation };
      hub.publish(conversationTopic(e.conversationId), "part", data, { cursor });
      // A team message carries the contact's new unread count in the same frame: one write per widget, not two.
      if (e.part.public) {
        const forContact = e.part.author.type !== "contact" ? { ...data, unread: unread(ctx, e) } : data;
        hub.publish(contactTopic(e.contactId), "part", forContact, { cursor });
      }
      if (CONTACT_STATE_PARTS.has(e.part.type)) hub.publish(contactTopic(e.contactId), "conversation", { conversation: e.conversation });
      hub.publish(inboxTopic(e.workspaceId), "conversation", { conversation: e.conversation, part: e.part });
    },
    "conversation.updated": (p) => {
      const e = as<ConversationEvent>(p);
      for (const topic of [conversationTopic(e.conversationId), contactTopic(e.contactId), inboxTopic(e.workspaceId)]) {
        hub.publish(topic, "conversation", { conversation: e.conversation });
      }
    },
    "conversation.read": (p) => {
      const e = as<ReadEvent>(p);
      const data = { conversationId: e.conversationId, reader: e.reader, lastReadPartId: e.lastReadPartId };
      hub.publish(conversationTopic(e.conversationId), "read", data);
      if (e.reader.type === "operator") hub.publish(contactTopic(e.contactId), "read", data);
      else hub.publish(contactTopic(e.contactId), "unread", unread(ctx, e));
    },
    "conversation.deleted": (p) => {
      const e = as<ConversationEvent>(p);
      for (const topic of [conversationTopic(e.conversationId), contactTopic(e.contactId), inboxTopic(e.workspaceId)]) {
        hub.publish(topic, "deleted", { conversationId: e.conversationId });
      }
    },
    "contact.merged": (p) => {
      if (typeof p.mergedFrom === "string" && p.contactId) hub.publish(contactTopic(p.mergedFrom), "merged", { contactId: p.contactId });
    },
  };
}

/** Stored parts of one conversation after the client's cursor, as the `part` messages it missed. */
function replayConversation(ctx: Ctx, topic: string, after: number, upTo: number): ReplayItem[] | undefined {
  const id = parseConversationId(topic.slice(topic.indexOf(":") + 1));
  const conv = id === undefined ? undefined : findConversationById(ctx, id);
  if (!conv) return [];
  const parts = listParts(ctx, conv.id, { after, upTo, limit: MAX_REPLAY + 1 });
  if (parts.length > MAX_REPLAY) return undefined;
  const conversation = conversationPayload(conv);
  return parts.map((p) => ({ event: "part", cursor: p.id, data: { conversationId: String(conv.id), part: partPayload(p), conversation } }));
}

/** Public parts of the contact's conversations after the cursor, then its unread count. */
function replayContact(ctx: Ctx, topic: string, after: number, upTo: number): ReplayItem[] | undefined {
  const contactId = topic.slice(topic.indexOf(":") + 1);
  const parts = listContactPartsAfter(ctx, contactId, { after, upTo, limit: MAX_REPLAY + 1 });
  if (parts.length > MAX_REPLAY) return undefined;
  const first = parts[0];
  if (!first) return [];
  const convs = new Map<number, ReturnType<typeof conversationPayload>>();
  const items: ReplayItem[] = parts.map((p) => {
    let conversation = convs.get(p.conversationId);
    if (!conversation) {
      const row = findConversation(ctx, p.workspaceId, p.conversationId);
      conversation = row ? conversationPayload(row) : undefined;
      if (conversation) convs.set(p.conversationId, conversation);
    }
    return { event: "part", cursor: p.id, data: { conversationId: String(p.conversationId), part: partPayload(p), conversation } };
  });
  items.push({ event: "unread", data: { count: countUnreadForContact(ctx, first.workspaceId, contactId) } });
  return items;
}
