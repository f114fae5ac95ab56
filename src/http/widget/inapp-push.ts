import type { Ctx } from "../../context.js";
import type { BusEvent } from "../../lib/bus.js";
import { inAppPushPayload, lastDeliveryRowid, newInAppDeliveries } from "../../outbound/index.js";
import { contactTopic, type Hub } from "../../realtime/index.js";

/** How often new in-app deliveries are looked for when no event hinted at one. */
const POLL_MS = 1_000;
/**
 * Events after which a delivery may just have been made (a launch, or what fires an automatic message): look at
 * once rather than at the next poll. Listeners run in registration order, after the triggers' own listeners.
 */
const HINTS: BusEvent[] = ["message.updated", "event.ingested", "segment.entered", "contact.updated", "delivery.updated"];

const started = new WeakSet<Hub>();

/**
 * Tells open widgets about in-app messages that became due for their contact (`event: inapp` on the contact's
 * stream), so a post, banner or notification appears without a page load. Every new in-app delivery row is read
 * once, in insertion order, whatever made it; only contacts with an open stream get a frame. The widget answers
 * by asking `GET /messenger/inapp?url=` again, so URL patterns, delays, the cap and the message's status apply as
 * on a page load. Started by the first widget stream; stopped with the hub.
 */
export function startInAppPush(ctx: Ctx, hub: Hub): void {
  if (started.has(hub)) return;
  started.add(hub);
  const state = { after: lastDeliveryRowid(ctx) };
  const check = () => {
    if (hub.closed) return;
    try {
      // One step per look; a long backlog (a large launch) continues on the next turn of the event loop.
      if (pushNewInApp(ctx, hub, state).more) hint();
    } catch (err) {
      ctx.log.error("in-app push failed", { err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  };
  let soon = false;
  // Many events in one tick (a batch of ingested events) make one look.
  const hint = () => {
    if (soon) return;
    soon = true;
    setImmediate(() => {
      soon = false;
      check();
    });
  };
  const timer = setInterval(check, POLL_MS).unref();
  const offs = HINTS.map((e) => ctx.bus.on(e, hint));
  const stop = () => {
    clearInterval(timer);
    offs.forEach((off) => off());
  };
  if (ctx.shutdown.aborted) stop();
  else ctx.shutdown.addEventListener("abort", stop, { once: true });
}

/**
 * One look at up to one step of new rows: publishes a frame per new in-app delivery whose contact has a stream
 * open. Returns how many were pushed and whether rows remain after this step.
 */
export function pushNewInApp(ctx: Ctx, hub: Hub, state: { after: number }): { pushed: number; more: boolean } {
  const { rows, scanned } = newInAppDeliveries(ctx, state.after);
  const more = scanned > state.after && scanned < lastDeliveryRowid(ctx);
  state.after = scanned;
  let pushed = 0;
  for (const d of rows) {
    const topic = contactTopic(d.contactId);
    if (hub.presence(topic).subscribers === 0) continue;
    hub.publish(topic, "inapp", inAppPushPayload(d));
    pushed++;
  }
  return { pushed, more };
}
