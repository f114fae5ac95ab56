import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { Ctx } from "../../../context.js";
import type { BusPayload } from "../../../lib/bus.js";
import { MINUTE } from "../../../lib/clock.js";
import { findMessage, progressOf } from "../../../outbound/index.js";
import { SendProgress } from "../../../../views/messages/figures.js";
import type { AdminEnv } from "../env.js";
import { pathMessage } from "./shared.js";

/** At most one progress frame per this long, however fast deliveries go out (a broadcast sends thousands a minute). */
const THROTTLE_MS = 1_000;
const HEARTBEAT_MS = 25_000;
const MAX_LIFETIME_MS = 30 * MINUTE;

/**
 * `GET /messages/:id/stream`: Server-Sent Events for a sending broadcast. After `delivery.sent` / `delivery.updated`
 * / `message.updated` for this message it sends the progress bar (`event: progress`, the same fragment the page
 * renders), throttled; once the message stops sending it sends `event: done` and ends.
 */
export function streamRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/:id/stream", (c) => {
    const m = pathMessage(c, ctx);
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      let dirty = true;
      let stopped = false;
      let throttling = false;
      const notify = () => {
        dirty = true;
        if (!throttling) wake?.();
      };
      const onBus = (p: BusPayload) => {
        if (p.workspaceId === m.workspaceId && p.messageId === m.id) notify();
      };
      const offs = (["delivery.sent", "delivery.updated", "message.updated"] as const).map((name) => ctx.bus.on(name, onBus));
      const stop = () => {
        stopped = true;
        wake?.();
      };
      stream.onAbort(stop);
      ctx.shutdown.addEventListener("abort", stop);
      const deadline = setTimeout(stop, MAX_LIFETIME_MS);
      try {
        while (!stopped) {
          if (dirty) {
            dirty = false;
            const cur = findMessage(ctx, m.workspaceId, m.id);
            const p = progressOf(ctx, m.id);
            const sending = cur?.status === "sending";
            const html = await (<SendProgress messageId={m.id} done={p.total - p.waiting} total={p.total} sending={sending} />).toString();
            await stream.writeSSE({ event: "progress", data: String(html) });
            if (!sending) {
              await stream.writeSSE({ event: "done", data: cur?.status ?? "gone" });
              break;
            }
            throttling = true;
            await pause(THROTTLE_MS, (w) => (wake = w));
            throttling = false;
            wake = undefined;
            continue;
          }
          const woke = await pause(HEARTBEAT_MS, (w) => (wake = w));
          wake = undefined;
          if (!woke && !stopped) await stream.write(": ping\n\n");
        }
      } finally {
        clearTimeout(deadline);
        offs.forEach((off) => off());
        ctx.shutdown.removeEventListener("abort", stop);
      }
    });
  });
}

/** Waits `ms`, or until the callback's wake function is called; resolves true when woken. */
function pause(ms: number, register: (wake: () => void) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    register(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
