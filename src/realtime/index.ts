import type { Ctx } from "../context.js";
import type { Bus } from "../lib/bus.js";
import { bridgeConversations } from "./bridge.js";
import { Hub } from "./hub.js";
import { contactTopic, conversationTopic } from "./topics.js";

export { Hub, type HubMessage, type Subscriber, type Stream, type CloseReason, type ReplayItem, type ReplaySource, type Replay } from "./hub.js";
export { openSse, SSE_DEFAULTS, type SseOptions } from "./sse.js";
export { formatEventId, parseEventId, type Position } from "./position.js";
export { contactTopic, conversationTopic, inboxTopic } from "./topics.js";
export { publishPresence, operatorConnected, onlineOperatorIds } from "./presence.js";
export type { NodeResponse } from "./sinks.js";

/** How often the hub sweeps its streams (heartbeats, idle and lifetime limits, expired buffers). */
const SWEEP_MS = 5_000;

const hubs = new WeakMap<Bus, Hub>();

/**
 * The process's hub for this context (one per bus), created on first use: wired to the conversation events,
 * swept on a timer, and closed — every stream ended — when `ctx.shutdown` aborts (SIGTERM).
 */
export function hubFor(ctx: Ctx): Hub {
  const existing = hubs.get(ctx.bus);
  if (existing) return existing;
  const hub = new Hub({ clock: ctx.clock });
  hubs.set(ctx.bus, hub);
  bridgeConversations(ctx, hub);
  const timer = setInterval(() => hub.sweep(), SWEEP_MS).unref();
  const stop = () => {
    clearInterval(timer);
    hub.close();
  };
  if (ctx.shutdown.aborted) stop();
  else ctx.shutdown.addEventListener("abort", stop, { once: true });
  return hub;
}

/** Who is typing: a contact (shown to operators) or an operator (shown to operators and the contact). */
export interface Typist {
  type: "contact" | "operator";
  id: string;
  name?: string | null;
}

/** Publishes a typing indicator (never stored, never replayed). `typing: false` clears it early. */
export function publishTyping(hub: Hub, t: { conversationId: string; contactId: string; author: Typist; typing: boolean }): void {
  const data = { conversationId: t.conversationId, author: t.author, typing: t.typing };
  hub.publish(conversationTopic(t.conversationId), "typing", data, { ephemeral: true });
  if (t.author.type === "operator") hub.publish(contactTopic(t.contactId), "typing", data, { ephemeral: true });
}

